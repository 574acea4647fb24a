import type { NormalizedConfig } from './normalized.js';
// The details, not the catalogue: the UI that logs these carries them already, the catalogue stays in the loader.
import { VENDOR_DETAILS } from './vendor-details.js';

/**
 * Google Tag Manager may load as necessary: it sets no cookie itself, reads the Consent Mode defaults and
 * updates, and the tags it injects stay held by the blocker until their own category is granted.
 */
const MAY_BE_NECESSARY = new Set(['google-tag-manager']);

/**
 * Valid settings a regulator would question, as console warnings for the owner: a built-in tracking
 * vendor in a category that is always on (the EDPB cookie banner taskforce lists "inaccurately classified
 * essential cookies"), and Consent Mode features that send data before consent (EDPB Guidelines 2/2023
 * put pre-consent pings and decorated links within Art. 5(3) ePrivacy).
 */
export function configWarnings(config: NormalizedConfig): string[] {
  const warnings: string[] = [];
  const builtIn = new Set(Object.keys(VENDOR_DETAILS));
  for (const category of config.categories) {
    if (!category.required) continue;
    for (const service of category.services) {
      if (!builtIn.has(service.id) || MAY_BE_NECESSARY.has(service.id)) continue;
      warnings.push(
        `samtykke: config.categories.${category.id}.services: "${service.id}" tracks visitors and runs without consent in "${category.id}"; put it in a category the visitor chooses (statistics or marketing)`,
      );
    }
  }
  const { enabled, mode, urlPassthrough } = config.consentMode;
  if (enabled && mode === 'advanced') {
    warnings.push(
      'samtykke: config.consentMode.mode "advanced" loads Google\'s tags before consent, which then send cookieless pings; only use it with a legal basis for them (EDPB Guidelines 2/2023)',
    );
  }
  if (enabled && urlPassthrough) {
    warnings.push(
      'samtykke: config.consentMode.urlPassthrough adds click identifiers to links before consent; only use it with a legal basis for that (EDPB Guidelines 2/2023)',
    );
  }
  return warnings;
}
