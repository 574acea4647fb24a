import type { PolicyLink } from '../i18n/policy-links.js';
import type { TextKey, Translator } from '../i18n/translate.js';
import { formatDuration, formatRecipient, formatTransfer } from './format.js';
import type { ShownCategory, ShownItem, ShownService } from './model.js';

/**
 * The texts of the preferences exactly as they render (preferences.tsx, category-row.tsx), keyed as receipts name
 * them: the messages under their own key, the policy links and their addresses, and per category and service every
 * value on screen, lifetimes, retention and countries formatted as the visitor reads them. Only what the dialog
 * shows before a choice: the erase confirmation and the status messages come after it. Hashed into receipts
 * (`notice.textHash`); test/unit/ui/notice-texts.test.ts holds it to the rendered dialog, text node by text node.
 */
export function preferencesTexts(
  tr: Translator,
  categories: readonly ShownCategory[],
  links: readonly PolicyLink[],
): Record<string, string> {
  const texts: Record<string, string> = {};
  const t = (key: TextKey) => (texts[key] = tr.t(key));
  for (const key of [
    'settings',
    'close',
    'settingsText',
    'download',
    'erase',
    'acceptAll',
    'rejectAll',
    'save',
  ] as const)
    t(key);
  linkTexts(texts, tr, links);
  for (const category of categories) {
    const at = `categories.${category.id}`;
    texts[`${at}.title`] = category.title;
    texts[`${at}.description`] = category.description;
    if (category.required) t('alwaysOn');
    if (category.services.length > 0) {
      texts[`${at}.services`] = tr.t('services', { count: category.services.length });
      for (const service of category.services) serviceTexts(texts, tr, service);
    }
  }
  return texts;
}

/** A policy link's label under its message key and its address under `<key>Url`, as the first layer says them. */
export function linkTexts(texts: Record<string, string>, tr: Translator, links: readonly PolicyLink[]): void {
  for (const link of links) {
    texts[link.label] = tr.t(link.label);
    texts[`${link.label}Url`] = link.href;
  }
}

/** One service's rows as the preferences show them (`ServiceInfo`): only the rows that have a value. */
function serviceTexts(texts: Record<string, string>, tr: Translator, s: ShownService): void {
  const at = `services.${s.id}`;
  texts[`${at}.name`] = s.name;
  if (s.implicit) texts.implicitService = tr.t('implicitService');
  const row = (label: TextKey, value: string | undefined) => {
    if (!value) return;
    texts[label] = tr.t(label);
    texts[`${at}.${label}`] = value;
  };
  row('provider', s.provider);
  row('purpose', s.purpose);
  row('recipient', s.recipient && formatRecipient(s.recipient, s.role, tr));
  row('thirdCountries', formatTransfer(s.thirdCountries, s.transfer, tr));
  row('retention', s.retention && formatDuration(s.retention, tr));
  if (s.items.length > 0) {
    texts.cookiesAndStorage = tr.t('cookiesAndStorage');
    for (const item of s.items) texts[`${at}.${item.kind}.${item.name}`] = itemText(item, tr);
  }
  if (s.privacyPolicyUrl) {
    texts[`${at}.privacyPolicy`] = tr.t('providerPolicy', { provider: s.provider ?? s.name });
    texts[`${at}.privacyPolicyUrl`] = s.privacyPolicyUrl;
  }
}

/** How the preferences word a cookie's or a storage entry's lifetime: "2 years", "localStorage, until sent". */
export function itemText(item: ShownItem, tr: Translator): string {
  return item.kind === 'cookie' ? item.lifetime : `${tr.t(item.kind)}, ${item.lifetime}`;
}
