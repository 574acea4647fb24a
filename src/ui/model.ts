import { isBuiltInCategory } from '../core/categories.js';
import type { NormalizedConfig } from '../core/normalized.js';
import { MESSAGES } from '../i18n/messages.js';
import type { TextKey, Translator } from '../i18n/translate.js';

/** A service as the visitor sees it, texts resolved. */
export interface ShownService {
  id: string;
  name: string;
  provider?: string;
  purpose: string;
  recipient?: string;
  thirdCountries: readonly string[];
  retention?: string;
  privacyPolicyUrl?: string;
  cookies: ReadonlyArray<{ name: string; expiry: string; purpose: string }>;
}

/** A category as the visitor sees it, texts resolved. */
export interface ShownCategory {
  id: string;
  required: boolean;
  title: string;
  description: string;
  services: readonly ShownService[];
}

/**
 * The categories and services in the visitor's language, from the same config that drives
 * blocking. The decision cookie itself is declared under `necessary` unless the owner did.
 */
export function describeCategories(config: NormalizedConfig, tr: Translator): ShownCategory[] {
  return config.categories.map((cat) => {
    const builtIn = isBuiltInCategory(cat.id);
    const services: ShownService[] = cat.services.map((s) => ({
      id: s.id,
      name: s.name,
      provider: s.provider,
      purpose: tr.text(s.purpose, `services.${s.id}.purpose`),
      recipient: s.recipient,
      thirdCountries: s.thirdCountries ?? [],
      retention: s.retention,
      privacyPolicyUrl: s.privacyPolicyUrl,
      cookies: s.cookies.map((c) => ({
        name: c.name,
        expiry: c.expiry,
        purpose: tr.text(c.purpose, `services.${s.id}.cookies.${c.name}.purpose`),
      })),
    }));
    const declared = cat.services.some((s) => s.cookies.some((c) => c.name === config.cookie.name));
    if (cat.required && !declared) {
      services.unshift({
        id: 'samtykke',
        name: 'samtykke',
        provider: config.controller.name,
        purpose: tr.t('consentCookie'),
        thirdCountries: [],
        cookies: [{ name: config.cookie.name, expiry: `P${config.cookie.maxAgeDays}D`, purpose: '' }],
      });
    }
    return {
      id: cat.id,
      required: cat.required,
      title: cat.title ? tr.text(cat.title, `categories.${cat.id}.title`) : builtIn ? tr.t(cat.id as TextKey) : cat.id,
      description: cat.description
        ? tr.text(cat.description, `categories.${cat.id}.description`)
        : builtIn
          ? tr.t(`${cat.id}Text` as TextKey)
          : '',
      services,
    };
  });
}

/**
 * Every text of the notice in one language, as a flat key → string map: the messages (with their
 * placeholders) and the category, service and cookie texts. Hashed into receipts.
 */
export function noticeTexts(config: NormalizedConfig, tr: Translator): Record<string, string> {
  const texts: Record<string, string> = {};
  // Every shipped language has every key; the bundle may carry only one of them.
  const keys = Object.keys(Object.values(MESSAGES)[0] ?? {}) as TextKey[];
  for (const key of keys) texts[key] = tr.t(key);
  for (const cat of describeCategories(config, tr)) {
    texts[`categories.${cat.id}.title`] = cat.title;
    texts[`categories.${cat.id}.description`] = cat.description;
    for (const s of cat.services) {
      texts[`services.${s.id}.purpose`] = s.purpose;
      for (const c of s.cookies) if (c.purpose) texts[`services.${s.id}.cookies.${c.name}.purpose`] = c.purpose;
    }
  }
  return texts;
}

/** The preferences' switches before Save: categories on, and services on by themselves. */
export interface Staged {
  staged: Set<string>;
  stagedServices: Set<string>;
}

/**
 * One service switched: every service of a category on is the category on; one switched off in a category that
 * was on leaves the others on, one by one.
 */
export function stageService(
  state: Staged,
  siblings: readonly string[],
  category: string,
  service: string,
  on: boolean,
): void {
  if (on) {
    state.stagedServices.add(service);
    if (siblings.every((id) => state.stagedServices.has(id))) {
      state.staged.add(category);
      for (const id of siblings) state.stagedServices.delete(id);
    }
  } else if (state.staged.has(category)) {
    state.staged.delete(category);
    for (const id of siblings) if (id !== service) state.stagedServices.add(id);
  } else state.stagedServices.delete(service);
}
