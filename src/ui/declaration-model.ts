import type { NormalizedConfig } from '../core/normalized.js';
import type { Translator } from '../i18n/translate.js';
import type { Decision } from '../types.js';
import { describeCategories, type ShownCategory, type ShownService } from './model.js';

/** Where a service or category stands under the visitor's decision. */
export type Standing = 'alwaysOn' | 'granted' | 'partlyAllowed' | 'refused';

export interface DeclaredService extends ShownService {
  /** Absent before any decision: nothing but necessary runs, yet the visitor refused nothing. */
  standing?: Standing;
  /** Allowed now and not necessary: the visitor can withdraw it on its own. */
  withdrawable: boolean;
}

export interface DeclaredCategory extends Omit<ShownCategory, 'services'> {
  standing?: Standing;
  services: readonly DeclaredService[];
}

/** Everything the cookie declaration shows, texts resolved. */
export interface DeclarationModel {
  /** The decision in force; null when there is none (never made, expired, or erased). */
  decision: { consentId: string; decidedAt: number } | null;
  categories: readonly DeclaredCategory[];
  /** Anything but necessary is allowed: "Withdraw consent" has something to withdraw. */
  withdrawable: boolean;
}

/**
 * The declaration of `config` under `decision`: every category with its services, and for each where it stands.
 * `allowed` is the instance's own answer (`isServiceAllowed`), so the declaration cannot disagree with the blocker.
 */
export function declarationModel(
  config: NormalizedConfig,
  tr: Translator,
  decision: Decision | null,
  allowed: (service: string) => boolean,
): DeclarationModel {
  const standingOf = (category: ShownCategory, service: ShownService): Standing =>
    category.required ? 'alwaysOn' : decision && allowed(service.id) ? 'granted' : 'refused';
  const categories = describeCategories(config, tr).map((category): DeclaredCategory => {
    const services = category.services.map((service): DeclaredService => {
      const standing = standingOf(category, service);
      return {
        ...service,
        standing: decision || category.required ? standing : undefined,
        withdrawable: standing === 'granted',
      };
    });
    return {
      ...category,
      standing: decision || category.required ? categoryStanding(category, services, decision) : undefined,
      services,
    };
  });
  return {
    decision: decision && { consentId: decision.consentId, decidedAt: decision.decidedAt },
    categories,
    withdrawable: categories.some((c) => !c.required && (c.standing === 'granted' || c.standing === 'partlyAllowed')),
  };
}

function categoryStanding(
  category: ShownCategory,
  services: readonly DeclaredService[],
  decision: Decision | null,
): Standing {
  if (category.required) return 'alwaysOn';
  if (!services.length) return decision?.granted.includes(category.id) ? 'granted' : 'refused';
  const allowed = services.filter((s) => s.standing === 'granted').length;
  return allowed === services.length ? 'granted' : allowed ? 'partlyAllowed' : 'refused';
}
