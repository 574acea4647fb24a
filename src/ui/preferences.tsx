import type { PolicyLink } from '../i18n/policy-links.js';
import type { Translator } from '../i18n/translate.js';
import { CategoryRow } from './category-row.js';
import { ChoiceButtons } from './choice-buttons.js';
import { trapTab } from './focus.js';
import type { ShownCategory } from './model.js';

/** What the second layer needs; the staged choices live with the caller until Save. */
export interface PreferencesProps {
  tr: Translator;
  categories: readonly ShownCategory[];
  /** The privacy and cookie policy, in the visitor's language. */
  links: readonly PolicyLink[];
  /** Category ids switched on in this dialog, not yet saved. */
  staged: ReadonlySet<string>;
  /** Service ids switched on on their own (their category off), not yet saved. */
  stagedServices: ReadonlySet<string>;
  /** "Delete my choice and consent records" was pressed and waits for confirmation. */
  confirming: boolean;
  /** What "Delete my data" did, a sentence a line, shown instead of the tools; null before. */
  erasure?: readonly string[] | null;
  onToggle(id: string, on: boolean): void;
  onToggleService(category: string, id: string, on: boolean): void;
  onSave(event?: Event): void;
  onAcceptAll(event?: Event): void;
  onRejectAll(event?: Event): void;
  onClose(): void;
  onDownload(): void;
  onErase(): void;
  onConfirm(yes: boolean): void;
}

/** The second layer: a modal dialog with one switch per category and one per service behind it. */
export function Preferences(props: PreferencesProps) {
  const { tr } = props;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
    } else trapTab(e, e.currentTarget as HTMLElement);
  };
  return (
    <div class="wrap modal forced">
      <div
        class="panel dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="samtykke-prefs-title"
        aria-describedby="samtykke-prefs-text"
        lang={tr.lang}
        onKeyDown={onKeyDown}
      >
        <div class="head">
          <h2 id="samtykke-prefs-title">{tr.t('settings')}</h2>
          <button type="button" class="x" aria-label={tr.t('close')} title={tr.t('close')} onClick={props.onClose}>
            ×
          </button>
        </div>
        <div class="body">
          <p id="samtykke-prefs-text">{tr.t('settingsText')}</p>
          {props.links.length > 0 && (
            <p class="links">
              {props.links.map((link) => (
                <a key={link.label} href={link.href}>
                  {tr.t(link.label)}
                </a>
              ))}
            </p>
          )}
          {props.categories.map((cat) => (
            <CategoryRow
              key={cat.id}
              tr={tr}
              category={cat}
              checked={props.staged.has(cat.id)}
              onToggle={props.onToggle}
              serviceChecked={(id) => props.stagedServices.has(id)}
              onToggleService={(id, on) => props.onToggleService(cat.id, id, on)}
            />
          ))}
          {props.erasure ? (
            <div class="tools erased" role="status" tabIndex={-1}>
              {props.erasure.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </div>
          ) : (
            <div class="tools">
              <button type="button" class="link" onClick={props.onDownload}>
                {tr.t('download')}
              </button>
              {!props.confirming && (
                <button type="button" class="link" onClick={props.onErase}>
                  {tr.t('erase')}
                </button>
              )}
              {props.confirming && (
                <fieldset>
                  <legend>{tr.t('eraseConfirm')}</legend>
                  <button type="button" class="link" onClick={() => props.onConfirm(true)}>
                    {tr.t('erase')}
                  </button>
                  <button type="button" class="link" onClick={() => props.onConfirm(false)}>
                    {tr.t('cancel')}
                  </button>
                </fieldset>
              )}
            </div>
          )}
        </div>
        <ChoiceButtons
          tr={tr}
          class="foot"
          onAcceptAll={props.onAcceptAll}
          onRejectAll={props.onRejectAll}
          third={{ label: tr.t('save'), onClick: props.onSave }}
        />
      </div>
    </div>
  );
}
