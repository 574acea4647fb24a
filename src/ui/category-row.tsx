import type { Translator } from '../i18n/translate.js';
import { formatDuration, formatRecipient, formatTransfer } from './format.js';
import type { ShownCategory, ShownService } from './model.js';
import { itemText } from './notice-texts.js';

/**
 * One category in the preferences: a labelled switch, its description and its services, each with a switch of its
 * own (a service can be allowed without the rest of its category).
 */
export function CategoryRow(props: {
  tr: Translator;
  category: ShownCategory;
  checked: boolean;
  onToggle(id: string, on: boolean): void;
  /** Whether a service is switched on (on its own or with its category). */
  serviceChecked(id: string): boolean;
  onToggleService(id: string, on: boolean): void;
}) {
  const { tr, category: cat } = props;
  const id = `samtykke-cat-${cat.id}`;
  return (
    <section class="cat">
      <div class="row">
        <h3>
          <label id={`${id}-label`} for={id}>
            {cat.title}
          </label>
        </h3>
        <span class="on">
          {cat.required && <span id={`${id}-on`}>{tr.t('alwaysOn')}</span>}
          <input
            id={id}
            type="checkbox"
            role="switch"
            class="switch"
            checked={cat.required || props.checked}
            aria-checked={cat.required || props.checked}
            disabled={cat.required}
            aria-describedby={cat.required ? `${id}-on ${id}-desc` : `${id}-desc`}
            onChange={(e) => props.onToggle(cat.id, (e.currentTarget as HTMLInputElement).checked)}
          />
        </span>
      </div>
      <p class="desc" id={`${id}-desc`}>
        {cat.description}
      </p>
      {cat.services.length > 0 && (
        <details>
          <summary>{tr.t('services', { count: cat.services.length })}</summary>
          {cat.services.map((s) => (
            <ServiceInfo
              key={s.id}
              tr={tr}
              service={s}
              toggle={
                cat.required
                  ? undefined
                  : {
                      id: `samtykke-svc-${cat.id}-${s.id}`,
                      checked: props.checked || props.serviceChecked(s.id),
                      onToggle: (on) => props.onToggleService(s.id, on),
                    }
              }
            />
          ))}
        </details>
      )}
    </section>
  );
}

interface ServiceToggle {
  id: string;
  checked: boolean;
  onToggle(on: boolean): void;
}

function ServiceInfo({ tr, service: s, toggle }: { tr: Translator; service: ShownService; toggle?: ServiceToggle }) {
  const row = (label: string, value: unknown) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <div class="svc">
      {toggle ? (
        <div class="row">
          <h4>
            <label for={toggle.id}>{s.name}</label>
          </h4>
          <input
            id={toggle.id}
            type="checkbox"
            role="switch"
            class="switch"
            checked={toggle.checked}
            aria-checked={toggle.checked}
            onChange={(e) => toggle.onToggle((e.currentTarget as HTMLInputElement).checked)}
          />
        </div>
      ) : (
        <h4>{s.name}</h4>
      )}
      {s.implicit && <p>{tr.t('implicitService')}</p>}
      <dl>
        {row(tr.t('provider'), s.provider)}
        {row(tr.t('purpose'), s.purpose)}
        {row(tr.t('recipient'), s.recipient && formatRecipient(s.recipient, s.role, tr))}
        {row(tr.t('thirdCountries'), formatTransfer(s.thirdCountries, s.transfer, tr))}
        {row(tr.t('retention'), s.retention && formatDuration(s.retention, tr))}
        {row(
          tr.t('cookiesAndStorage'),
          s.items.length > 0 && (
            <ul>
              {s.items.map((item) => (
                <li key={`${item.kind}/${item.name}`}>
                  <code>{item.name}</code> – {itemText(item, tr)}
                </li>
              ))}
            </ul>
          ),
        )}
      </dl>
      {s.privacyPolicyUrl && (
        <p>
          <a href={s.privacyPolicyUrl}>{tr.t('providerPolicy', { provider: s.provider ?? s.name })}</a>
        </p>
      )}
    </div>
  );
}
