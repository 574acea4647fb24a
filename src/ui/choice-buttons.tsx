import type { Translator } from '../i18n/translate.js';

interface ChoiceButtonsProps {
  tr: Translator;
  onAcceptAll(): void;
  onRejectAll(): void;
  /** The third choice: Customise on the banner, Save in the preferences. */
  third: { label: string; onClick(event: Event): void; opensDialog?: boolean };
  class?: string;
}

/**
 * Accept all, Reject all and a third choice, built from one element so they cannot drift apart: regulators ask
 * for refusal with the same size, style and weight as acceptance, on the first layer as on the second.
 */
export function ChoiceButtons(props: ChoiceButtonsProps) {
  const { tr, third } = props;
  return (
    <div class={props.class ? `actions ${props.class}` : 'actions'}>
      <button type="button" class="btn" onClick={props.onAcceptAll}>
        {tr.t('acceptAll')}
      </button>
      <button type="button" class="btn" onClick={props.onRejectAll}>
        {tr.t('rejectAll')}
      </button>
      <button
        type="button"
        class="btn"
        aria-haspopup={third.opensDialog ? 'dialog' : undefined}
        onClick={third.onClick}
      >
        {third.label}
      </button>
    </div>
  );
}
