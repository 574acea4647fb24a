import type { HTMLAttributes } from 'preact';
import type { NormalizedConfig } from '../core/normalized.js';
import type { Translator } from '../i18n/translate.js';
import { ChoiceButtons } from './choice-buttons.js';
import { firstLayer } from './first-layer.js';
import { trapTab } from './focus.js';
import type { ShownCategory } from './model.js';

/** What the first layer needs. */
export interface BannerProps {
  tr: Translator;
  config: NormalizedConfig;
  /** The categories as the preferences show them: their purposes and third parties are named here. */
  categories: readonly ShownCategory[];
  /** Global Privacy Control is on: say that marketing is off. */
  gpc: boolean;
  /** Slid out of view, because it would hide the page content that has focus. */
  away: boolean;
  /** The preferences are open over it. */
  covered: boolean;
  onAcceptAll(): void;
  onRejectAll(): void;
  onCustomise(event: Event): void;
}

/**
 * The first layer: title, a short text naming the purposes and the number of third parties, the list of
 * those third parties behind a disclosure, policy links and three equal buttons. A labelled region
 * that leaves the page usable, or a modal dialog when the owner sets `ui.mustChoose`.
 */
export function Banner(props: BannerProps) {
  const { tr, config, covered } = props;
  const forced = config.ui.mustChoose;
  const layout = config.ui.layout;
  const corner = config.ui.floatingButton === 'bottom-left' ? ' left' : '';
  const { privacyUrl, cookiePolicyUrl } = config.policy;
  const { text, thirdParties } = firstLayer(props.categories, config.controller.name, tr);
  const semantics: HTMLAttributes<HTMLDivElement> = forced
    ? {
        role: 'dialog',
        'aria-modal': true,
        'aria-labelledby': 'samtykke-title',
        'aria-describedby': 'samtykke-text',
        onKeyDown: (e: KeyboardEvent) => trapTab(e, e.currentTarget as HTMLElement),
      }
    : { role: 'region', 'aria-label': tr.t('bannerLabel') };
  return (
    <div
      class={`wrap ${layout}${layout === 'box' ? corner : ''}${props.away ? ' away' : ''}${forced ? ' forced' : ''}`}
      inert={covered}
      aria-hidden={covered ? 'true' : undefined}
    >
      <div class="panel banner" lang={tr.lang} {...semantics}>
        <div class="in">
          <div class="txt">
            <h2 id="samtykke-title">{tr.t('bannerTitle')}</h2>
            <p id="samtykke-text">{text}</p>
            {thirdParties.length > 0 && (
              <details class="parties">
                <summary>{tr.t('thirdParties')}</summary>
                <ul>
                  {thirdParties.map((p) => (
                    <li key={p.provider}>
                      {p.provider} ({p.services.join(', ')})
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {props.gpc && <p class="gpc">{tr.t('gpcNotice')}</p>}
            {(privacyUrl || cookiePolicyUrl) && (
              <p class="links">
                {privacyUrl && <a href={privacyUrl}>{tr.t('privacyPolicy')}</a>}
                {cookiePolicyUrl && <a href={cookiePolicyUrl}>{tr.t('cookiePolicy')}</a>}
              </p>
            )}
          </div>
          <ChoiceButtons
            tr={tr}
            onAcceptAll={props.onAcceptAll}
            onRejectAll={props.onRejectAll}
            third={{ label: tr.t('customise'), onClick: props.onCustomise, opensDialog: true }}
          />
        </div>
      </div>
    </div>
  );
}
