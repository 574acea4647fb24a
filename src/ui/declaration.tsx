// biome-ignore-all lint/a11y/noRedundantRoles: a table stacked with display:block loses its implicit roles in some browsers; the explicit ones keep it a table for screen readers.
import { render } from 'preact';
import type { Translator } from '../i18n/translate.js';
import { adoptStyles } from './adopt-styles.js';
import type { DeclarationModel, DeclaredCategory, DeclaredService } from './declaration-model.js';
import { formatDate, formatRecipient, formatTransfer } from './format.js';
import type { ShownItem } from './model.js';
import { DECLARATION_CSS } from './styles.js';

/** What the cookie declaration needs. */
export interface DeclarationProps {
  tr: Translator;
  model: DeclarationModel;
  onChange(event: Event): void;
  onWithdraw(event?: Event): void;
  /** Withdraws one service; the declaration re-renders from the change it causes. */
  onWithdrawService(service: string, event?: Event): void;
}

/** Per target: the heading level that fits the owner's page, and what was last announced there. */
interface TargetState {
  level: number;
  styled: boolean;
  message: string;
}

/**
 * The cookie declarations of a document: rendered into every `[data-samtykke-declaration]`, in the page's own DOM
 * so they take the page's typography, with a default stylesheet (`data-samtykke-declaration="plain"` opts out).
 */
export function createDeclarations(doc: Document, nonce?: string) {
  const targets = new Map<Element, TargetState>();
  let props: DeclarationProps | undefined;
  let styled = false;

  const draw = () => {
    for (const target of doc.querySelectorAll('[data-samtykke-declaration]')) {
      if (!targets.has(target)) targets.set(target, stateOf(target));
    }
    for (const [target, state] of targets) {
      if (!target.isConnected) targets.delete(target);
      else if (props) {
        if (state.styled && !styled) {
          styled = true;
          adoptStyles(doc, DECLARATION_CSS, nonce);
        }
        render(<Declaration {...props} state={state} onWithdrawService={(id, e) => withdraw(target, id, e)} />, target);
      }
    }
  };

  /** The button goes with the service's consent: focus moves to the row's new standing, and the result is said. */
  const withdraw = (target: Element, service: DeclaredService, event?: Event) => {
    props?.onWithdrawService(service.id, event);
    const state = targets.get(target);
    if (!state || !props) return;
    state.message = props.tr.t('serviceWithdrawn', { service: service.name });
    draw();
    target.querySelector<HTMLElement>(`[data-service="${CSS.escape(service.id)}"] .samtykke-standing`)?.focus();
  };

  return {
    render(next: DeclarationProps) {
      props = next;
      draw();
    },
    destroy() {
      for (const target of targets.keys()) render(null, target);
      targets.clear();
    },
  };
}

function stateOf(target: Element): TargetState {
  const level = Number(target.getAttribute('data-heading-level'));
  return {
    level: level >= 2 && level <= 6 ? level : 3,
    styled: target.getAttribute('data-samtykke-declaration') !== 'plain',
    message: '',
  };
}

type RenderProps = Omit<DeclarationProps, 'onWithdrawService'> & {
  state: TargetState;
  onWithdrawService(service: DeclaredService, event?: Event): void;
};

/**
 * The declaration: the visitor's current choice with its consent ID and date, then per category one table row per
 * service with its cookies and storage nested. At narrow widths (a container query) each row stacks into a card.
 */
export function Declaration({ tr, model, state, onChange, onWithdraw, onWithdrawService }: RenderProps) {
  const { decision } = model;
  return (
    <div class={state.styled ? 'samtykke-declaration samtykke-styled' : 'samtykke-declaration'} lang={tr.lang}>
      {decision ? (
        <dl class="samtykke-choice">
          <dt>{tr.t('yourChoice')}</dt>
          <dd>{model.categories.map((c) => `${c.title}: ${tr.t(c.standing ?? 'refused')}`).join(', ')}</dd>
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
        <button type="button" class="samtykke-button samtykke-change" onClick={onChange}>
          {tr.t('changeConsent')}
        </button>{' '}
        {model.withdrawable && (
          <button type="button" class="samtykke-button samtykke-withdraw" onClick={onWithdraw}>
            {tr.t('withdraw')}
          </button>
        )}
      </p>
      {model.categories
        .filter((cat) => cat.services.length > 0)
        .map((cat) => (
          <CategoryTable
            key={cat.id}
            tr={tr}
            category={cat}
            level={state.level}
            decided={decision !== null}
            onWithdrawService={onWithdrawService}
          />
        ))}
      <p class="samtykke-sr" role="status">
        {state.message}
      </p>
    </div>
  );
}

function CategoryTable(props: {
  tr: Translator;
  category: DeclaredCategory;
  level: number;
  decided: boolean;
  onWithdrawService(service: DeclaredService, event?: Event): void;
}) {
  const { tr, category: cat, decided } = props;
  const Heading = `h${props.level}` as 'h3';
  const id = `samtykke-declaration-${cat.id}`;
  const label = (text: string) => (
    <span class="samtykke-label" aria-hidden="true">
      {text}
    </span>
  );
  const columns = [tr.t('service'), tr.t('purpose'), tr.t('cookiesAndStorage')];
  if (decided) columns.push(tr.t('yourChoice'));
  return (
    <section class="samtykke-category" data-category={cat.id}>
      <Heading id={id} class="samtykke-heading">
        {cat.title}
        {cat.standing && <span class="samtykke-badge">{tr.t(cat.standing)}</span>}
      </Heading>
      {cat.description && <p class="samtykke-description">{cat.description}</p>}
      <div class="samtykke-scroll">
        <table class="samtykke-table" role="table" aria-labelledby={id}>
          <thead role="rowgroup">
            <tr role="row">
              {columns.map((text) => (
                <th key={text} scope="col" role="columnheader">
                  {text}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {cat.services.map((s) => (
              <tr key={s.id} role="row" data-service={s.id}>
                <th scope="row" role="rowheader">
                  <span class="samtykke-name">{s.name}</span>
                  {s.provider && <span class="samtykke-provider">{s.provider}</span>}
                  {s.implicit && <span class="samtykke-meta">{tr.t('implicitService')}</span>}
                </th>
                <td role="cell">
                  {label(tr.t('purpose'))}
                  {s.purpose || '–'}
                  {/* Who gets the data, and where: beside what it is for. */}
                  <span class="samtykke-meta">
                    {tr.t('recipient')}: {formatRecipient(s.recipient ?? s.provider ?? s.name, s.role, tr)}
                  </span>
                  {s.thirdCountries.length > 0 && (
                    <span class="samtykke-meta">
                      {tr.t('thirdCountries')}: {formatTransfer(s.thirdCountries, s.transfer, tr)}
                    </span>
                  )}
                  {s.privacyPolicyUrl && (
                    <a class="samtykke-policy" href={s.privacyPolicyUrl}>
                      {tr.t('providerPolicy', { provider: s.provider ?? s.name })}
                    </a>
                  )}
                </td>
                <td role="cell" class="samtykke-stored">
                  {label(tr.t('cookiesAndStorage'))}
                  {s.items.length ? (
                    <ul class="samtykke-items">
                      {s.items.map((item) => (
                        <Item key={`${item.kind}/${item.name}`} tr={tr} item={item} />
                      ))}
                    </ul>
                  ) : (
                    '–'
                  )}
                </td>
                {decided && (
                  <td role="cell" class="samtykke-decision">
                    {label(tr.t('yourChoice'))}
                    <span class="samtykke-standing" tabIndex={-1}>
                      {s.standing && tr.t(s.standing)}
                    </span>
                    {s.withdrawable && (
                      <button
                        type="button"
                        class="samtykke-button samtykke-withdraw-service"
                        onClick={(event) => props.onWithdrawService(s, event)}
                      >
                        {tr.t('withdrawService', { service: s.name })}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Item({ tr, item }: { tr: Translator; item: ShownItem }) {
  const facts = [tr.t(item.kind), item.lifetime];
  // Only a cookie's domain is known; web storage belongs to whichever page or frame wrote it.
  if (item.kind === 'cookie')
    facts.push(item.domain ? tr.t('thirdParty', { domain: item.domain }) : tr.t('firstParty'));
  return (
    <li>
      <code>{item.name}</code>
      <span class="samtykke-meta">{facts.join(' · ')}</span>
      {item.purpose && <span class="samtykke-item-purpose">{item.purpose}</span>}
    </li>
  );
}
