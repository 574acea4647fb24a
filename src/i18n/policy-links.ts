import type { LocalizedText } from '../types.js';
import type { Translator } from './translate.js';

/** A policy link to show: where it goes, in the visitor's language, and the message key of its label. */
export interface PolicyLink {
  href: string;
  label: 'privacyPolicy' | 'cookiePolicy';
}

/**
 * The privacy and cookie policy links the owner gave, each in the translator's language (a per-language link
 * falls back as texts do), for the first layer and the preferences alike.
 */
export function policyLinks(
  policy: { privacyUrl?: LocalizedText; cookiePolicyUrl?: LocalizedText },
  tr: Translator,
): PolicyLink[] {
  const links: PolicyLink[] = [
    { href: tr.text(policy.privacyUrl, 'privacyUrl'), label: 'privacyPolicy' },
    { href: tr.text(policy.cookiePolicyUrl, 'cookiePolicyUrl'), label: 'cookiePolicy' },
  ];
  return links.filter((link) => link.href);
}
