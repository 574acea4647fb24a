import type { LocalizedText, RecipientRole, TransferMechanism } from '../types.js';
import type { NormalizedConfig, NormalizedService } from './normalized.js';

/** What is shown and recorded about a built-in vendor, but not needed to block it. */
export interface VendorDetails {
  privacyPolicyUrl: string;
  /** Who receives the data. */
  recipient: string;
  /** ISO 3166-1 alpha-2 codes outside the EEA the data goes to. */
  thirdCountries: readonly string[];
  /** How long the vendor keeps the data, ISO 8601 duration. */
  retention?: string;
  /** What the recipient is to the site, as the vendor's own terms put it; absent where they do not say clearly. */
  role?: RecipientRole;
  /** The ground for `thirdCountries` the vendor names; absent where it names none clearly or sends none. */
  transfer?: TransferMechanism;
  /** The kinds of personal data the vendor receives from the page (docs/ledger.md). @default `TRACKED` */
  dataCategories?: readonly string[];
}

const US = ['US'];
/** What every script, pixel or frame from a vendor's host hands it: the IP address and cookie ids, the browser. */
const LOADED = ['online-identifier', 'device'];
/** …and, for analytics, advertising and embeds, what the visitor does on the page: every vendor but a tag manager. */
const TRACKED = [...LOADED, 'usage'];
/** Google LLC receives the data of every Google service, under the EU–US Data Privacy Framework. */
const GOOGLE: VendorDetails = {
  privacyPolicyUrl: 'https://policies.google.com/privacy',
  recipient: 'Google LLC',
  thirdCountries: US,
  transfer: 'adequacy',
};
/** Microsoft Corporation likewise, for Clarity and Advertising. */
const MICROSOFT: VendorDetails = {
  privacyPolicyUrl: 'https://privacy.microsoft.com/privacystatement',
  recipient: 'Microsoft Corporation',
  thirdCountries: US,
  transfer: 'adequacy',
  retention: 'P13M',
};

/**
 * Details of the built-in vendors, by id. Kept out of the loader, which every page pays for: the UI (to show
 * them) and the ledger (to record them) merge them in with `withVendorDetails`. A role or a transfer ground is
 * given only where the vendor's own terms state it (docs/ledger.md); an owner's contract may say otherwise, and
 * what the owner sets wins.
 */
export const VENDOR_DETAILS: Readonly<Record<string, VendorDetails>> = {
  // Google's terms for Analytics make it the site's processor; for Ads, YouTube and Maps a controller of its own.
  'google-analytics': { ...GOOGLE, retention: 'P14M', role: 'processor' },
  'universal-analytics': { ...GOOGLE, retention: 'P14M', role: 'processor' },
  'google-tag-manager': { ...GOOGLE, dataCategories: LOADED },
  'google-ads': { ...GOOGLE, retention: 'P540D', role: 'controller' },
  hotjar: {
    privacyPolicyUrl: 'https://www.hotjar.com/legal/policies/privacy/',
    recipient: 'Hotjar Ltd.',
    thirdCountries: [],
    retention: 'P365D',
    role: 'processor',
  },
  // Meta's Controller Addendum makes it joint controller with the site for what the pixel collects and sends (as
  // CJEU C-40/17, Fashion ID, holds).
  'meta-pixel': {
    privacyPolicyUrl: 'https://www.facebook.com/privacy/policy/',
    recipient: 'Meta Platforms, Inc.',
    thirdCountries: US,
    role: 'joint-controller',
    transfer: 'adequacy',
  },
  // LinkedIn's Independent Controller Addendum names LinkedIn controller of the Insight Tag's data, its own
  // purposes included (the site still answers for the collection on its pages, Fashion ID). For visitors in the
  // EEA that is LinkedIn Ireland; it sends the data to LinkedIn in the US under the EU–US Data Privacy Framework
  // (and standard contractual clauses), its help centre says.
  'linkedin-insight': {
    privacyPolicyUrl: 'https://www.linkedin.com/legal/privacy-policy',
    recipient: 'LinkedIn Ireland Unlimited Company',
    thirdCountries: US,
    retention: 'P180D',
    role: 'controller',
    transfer: 'adequacy',
  },
  'tiktok-pixel': {
    privacyPolicyUrl: 'https://www.tiktok.com/legal/privacy-policy-eea',
    recipient: 'TikTok Technology Ltd.',
    thirdCountries: ['US', 'SG', 'MY', 'CN'],
    transfer: 'scc',
  },
  'microsoft-clarity': MICROSOFT,
  'microsoft-uet': { ...MICROSOFT, role: 'controller' },
  'matomo-cloud': {
    privacyPolicyUrl: 'https://matomo.org/privacy-policy/',
    recipient: 'InnoCraft Ltd.',
    // New Zealand has an adequacy decision.
    thirdCountries: ['NZ'],
    retention: 'P24M',
    role: 'processor',
    transfer: 'adequacy',
  },
  youtube: { ...GOOGLE, role: 'controller' },
  vimeo: {
    privacyPolicyUrl: 'https://vimeo.com/privacy',
    recipient: 'Vimeo.com, Inc.',
    thirdCountries: US,
  },
  'google-maps': { ...GOOGLE, role: 'controller' },
};

/**
 * The config with every built-in service's details filled in where the owner did not set them; with
 * `purposes` (the UI passes `VENDOR_PURPOSES`) their purposes too. Receipts need no purposes, so the ledger
 * leaves them out.
 */
export function withVendorDetails(
  config: NormalizedConfig,
  purposes: Readonly<Record<string, LocalizedText>> = {},
): NormalizedConfig {
  const fill = (service: NormalizedService): NormalizedService => {
    const details = VENDOR_DETAILS[service.id];
    const purpose = purposes[service.id];
    const merged = { ...details, ...(purpose ? { purpose } : {}), ...withoutUndefined(service) };
    return {
      ...merged,
      thirdCountries: merged.thirdCountries ?? [],
      dataCategories: merged.dataCategories ?? (details ? TRACKED : []),
    };
  };
  return {
    ...config,
    categories: config.categories.map((category) => ({ ...category, services: category.services.map(fill) })),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
