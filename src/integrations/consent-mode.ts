/**
 * Google Consent Mode v2. Google's tags read consent from commands queued in `dataLayer`: a `default` before
 * any tag runs, and an `update` whenever the visitor decides. Consent Mode stores nothing, so the stored
 * decision is sent as an `update` on every page, still before any tag can run.
 * https://developers.google.com/tag-platform/security/guides/consent
 */
import { CONSENT_TYPES, type NormalizedConfig } from '../core/index.js';
import type { ConsentModeState, ConsentModeType, Decision } from '../types.js';

/** The event GTM triggers can listen to: `{ event: 'samtykke_consent_update', samtykke: { granted, services } }`. */
export const CONSENT_EVENT = 'samtykke_consent_update';

type Window_ = Window & { dataLayer?: unknown[]; gtag?: (...args: unknown[]) => void };

/**
 * The state before any decision: ads and analytics denied, security granted. `functionality_storage` and
 * `personalization_storage` are denied as soon as an offered category maps to them (preferences maps
 * `personalization_storage` by default; map `functionality_storage` to the category that needs it) —
 * what needs a visitor's consent is not granted before it. Unmapped, functionality stays granted and
 * personalization follows `consentMode.personalizationStorage`.
 */
export function defaultConsentState(config: NormalizedConfig): ConsentModeState {
  const state = {
    ...Object.fromEntries(CONSENT_TYPES.map((type) => [type, 'denied'])),
    functionality_storage: 'granted',
    personalization_storage: config.consentMode.personalizationStorage,
    security_storage: 'granted',
  } as ConsentModeState;
  for (const category of config.categories) {
    if (category.required) continue;
    for (const type of config.consentMode.mapping[category.id] ?? []) state[type] = 'denied';
  }
  return state;
}

/**
 * What Google is told for a decision (or the default without one); `null` when Consent Mode is off. A type
 * mapped from an offered category is granted exactly when one of its categories is granted.
 */
export function consentModeState(config: NormalizedConfig, decision: Decision | null): ConsentModeState | null {
  const { enabled, mapping } = config.consentMode;
  if (!enabled) return null;
  const state = defaultConsentState(config);
  if (!decision) return state;
  for (const category of config.categories) for (const type of mapping[category.id] ?? []) state[type] = 'denied';
  for (const id of decision.granted) for (const type of mapping[id] ?? []) state[type] = 'granted';
  return state;
}

export interface ConsentMode {
  /** Defines `dataLayer`/`gtag` if missing and queues the defaults (and the stored decision). */
  start(decision: Decision | null): void;
  /** Queues the `update` for a new decision (null: erased, back to the defaults) and the `samtykke_consent_update` event. */
  update(decision: Decision | null): void;
}

/** Creates the Consent Mode integration for one window. */
export function createConsentMode(config: NormalizedConfig, win: Window): ConsentMode {
  const w = win as Window_;
  const options = config.consentMode;
  const layer = () => {
    w.dataLayer ??= [];
    return w.dataLayer;
  };
  // gtag.js only accepts commands pushed as an `arguments` object, not as an array.
  function gtag(..._: unknown[]) {
    // biome-ignore lint/complexity/noArguments: gtag.js requires the Arguments object itself.
    layer().push(arguments);
  }
  const update = (decision: Decision | null) => {
    gtag('consent', 'update', consentModeState(config, decision));
    layer().push({
      event: CONSENT_EVENT,
      samtykke: { granted: [...(decision?.granted ?? ['necessary'])], services: [...(decision?.services ?? [])] },
    });
  };
  return {
    start(decision) {
      if (!options.enabled) return;
      layer();
      w.gtag ??= gtag;
      const base = defaultConsentState(config);
      const wait = options.waitForUpdate ? { wait_for_update: options.waitForUpdate } : {};
      // The most specific matching region wins whatever the order; the call without a region is the fallback.
      for (const { region, granted } of options.regions) {
        const state: ConsentModeState = { ...base };
        for (const type of granted as ConsentModeType[]) state[type] = 'granted';
        gtag('consent', 'default', { ...state, ...wait, region: [...region] });
      }
      gtag('consent', 'default', { ...base, ...wait });
      if (options.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
      if (options.urlPassthrough) gtag('set', 'url_passthrough', true);
      if (decision) update(decision);
    },
    update(decision) {
      if (options.enabled) update(decision);
    },
  };
}
