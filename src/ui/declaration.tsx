import { render } from 'preact';
import type { Translator } from '../i18n/translate.js';
import type { Decision } from '../types.js';
import { formatCountries, formatDate, formatDuration } from './format.js';
import type { ShownCategory } from './model.js';

/** What the cookie declaration needs. */
export interface DeclarationProps {
  tr: Translator;
  categories: readonly ShownCategory[];
  decision: Decision | null;
  onChange(event: Event): void;
  onWithdraw(): void;
}

/**
 * The cookie declaration for the cookie policy page, rendered in the page's own DOM so it takes
 * the page's typography: the visitor's current choice, then one table per category listing every
 * service and cookie. Plain semantic markup with `samtykke-` classes for the page to style.
 */
export function Declaration({ tr, categories, decision, onChange, onWithdraw }: DeclarationProps) {
  const granted = (id: string) => decision?.granted.includes(id) ?? false;
  const withdrawable = categories.some((c) => !c.required && granted(c.id));
  return (
    <div class="samtykke-declaration" lang={tr.lang}>
      {decision ? (
        <dl class="samtykke-choice">
          <dt>{tr.t('yourChoice')}</dt>
          <dd>
            {categories
              .map((c) => `${c.title}: ${tr.t(c.required || granted(c.id) ? 'granted' : 'refused')}`)
              .join(', ')}
          </dd>
          <dt>{tr.t('consentId')}</dt>
          <dd>
            <code>{decision.consentId}</code>
          </dd>
          <dt>{tr.t('date')}</dt>
          <dd>
            <time dateTime={new Date(decision.decidedAt).toISOString()}>{formatDate(decision.decidedAt, tr)}</time>
          </dd>
        </dl>
      ) : (
        <p class="samtykke-choice">{tr.t('noDecision')}</p>
      )}
      <p class="samtykke-actions">
        <button type="button" class="samtykke-change" onClick={onChange}>
          {tr.t('changeConsent')}
        </button>{' '}
        {withdrawable && (
          <button type="button" class="samtykke-withdraw" onClick={onWithdraw}>
            {tr.t('withdraw')}
          </button>
        )}
      </p>
      {categories
        .filter((cat) => cat.services.length > 0)
        .map((cat) => (
          <table key={cat.id} class="samtykke-table" data-category={cat.id}>
            <caption>
              {cat.title}
              {decision && ` (${tr.t(cat.required || granted(cat.id) ? 'granted' : 'refused')})`}
              {cat.description && <span class="samtykke-description">{` – ${cat.description}`}</span>}
            </caption>
            <thead>
              <tr>
                {(['service', 'provider', 'purpose', 'cookie', 'expiry', 'recipient', 'thirdCountries'] as const).map(
                  (k) => (
                    <th key={k} scope="col">
                      {tr.t(k)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {cat.services.flatMap((s) =>
                (s.cookies.length ? s.cookies : [undefined]).map((c) => (
                  <tr key={`${s.id}/${c?.name ?? ''}`}>
                    <th scope="row">{s.name}</th>
                    <td>{s.provider ?? '–'}</td>
                    <td>{c?.purpose || s.purpose || '–'}</td>
                    <td>{c ? <code>{c.name}</code> : '–'}</td>
                    <td>{c ? formatDuration(c.expiry, tr) : '–'}</td>
                    <td>{s.recipient ?? '–'}</td>
                    <td>{s.thirdCountries.length ? formatCountries(s.thirdCountries, tr) : '–'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        ))}
    </div>
  );
}

/**
 * Render the declaration into every `[data-samtykke-declaration]` of `doc`, and again into those
 * rendered before (`targets` remembers them; detached ones are dropped).
 */
export function renderDeclarationsIn(doc: Document, targets: Set<Element>, props: DeclarationProps): void {
  for (const target of doc.querySelectorAll('[data-samtykke-declaration]')) targets.add(target);
  for (const target of targets) {
    if (target.isConnected) render(<Declaration {...props} />, target);
    else targets.delete(target);
  }
}
