import type { Decision } from '../types.js';
import { categoryOfService } from './allows.js';
import { NECESSARY } from './categories.js';
import { expiryFor } from './cookie-write.js';

export { categoryOfService };

import type { NormalizedConfig } from './normalized.js';

/** The category Global Privacy Control pre-refuses. */
export const GPC_REFUSED_CATEGORY = 'marketing';

export interface DecisionContext {
  config: NormalizedConfig;
  now: number;
  gpc: boolean;
  /** The decision being replaced (its consent id is kept), if any. */
  previous: Decision | null;
  randomId: () => string;
}

/** Every category id the config offers. */
export function categoryIds(config: NormalizedConfig): string[] {
  return config.categories.map((category) => category.id);
}

/** Builds a decision granting exactly `granted` (plus necessary) and `services`. */
export function makeDecision(
  context: DecisionContext,
  granted: readonly string[],
  services: readonly string[] = [],
): Decision {
  const { config, now, previous } = context;
  const offered = categoryIds(config);
  for (const id of granted) {
    if (!offered.includes(id)) throw new TypeError(`samtykke: unknown category "${id}"; known: ${offered.join(', ')}`);
  }
  const grantedSet = new Set([NECESSARY, ...granted]);
  return {
    consentId: previous?.consentId ?? context.randomId(),
    revision: config.revision,
    decidedAt: now,
    expiresAt: expiryFor(config, now),
    granted: offered.filter((id) => grantedSet.has(id)),
    // A service allowed on its own only needs remembering while its category is not granted.
    services: [...new Set(services)].filter((id) => !grantedSet.has(categoryOfService(config, id) ?? '')).sort(),
    gpc: context.gpc,
  };
}

/**
 * "Accept all". With Global Privacy Control on (and honoured), marketing stays refused: the signal is an
 * opt-out that a generic button does not override; switching marketing on in the preferences does.
 */
export function acceptAllDecision(context: DecisionContext): Decision {
  const honourGpc = context.gpc && context.config.gpc;
  return makeDecision(
    context,
    categoryIds(context.config).filter((id) => !(honourGpc && id === GPC_REFUSED_CATEGORY)),
  );
}

/** Anything beyond necessary granted or allowed. */
export function grantsAnything(decision: Decision): boolean {
  return decision.granted.some((id) => id !== NECESSARY) || decision.services.length > 0;
}
