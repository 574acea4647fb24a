import type { LocalizedText } from '../types.js';
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
}

const GOOGLE_LLC = 'Google LLC';
const GOOGLE_POLICY = 'https://policies.google.com/privacy';
const MICROSOFT_POLICY = 'https://privacy.microsoft.com/privacystatement';
const US = ['US'];

/**
 * Details of the built-in vendors, by id. Kept out of the loader, which every page pays for: the UI (to show
 * them) and the ledger (to record them) merge them in with `withVendorDetails`.
 */
export const VENDOR_DETAILS: Readonly<Record<string, VendorDetails>> = {
  'google-analytics': {
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    retention: 'P14M',
  },
  'universal-analytics': {
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    retention: 'P14M',
  },
  'google-tag-manager': {
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
  },
  'google-ads': {
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    retention: 'P540D',
  },
  hotjar: {
    privacyPolicyUrl: 'https://www.hotjar.com/legal/policies/privacy/',
    recipient: 'Hotjar Ltd.',
    thirdCountries: [],
    retention: 'P365D',
  },
  'meta-pixel': {
    privacyPolicyUrl: 'https://www.facebook.com/privacy/policy/',
    recipient: 'Meta Platforms, Inc.',
    thirdCountries: US,
  },
  'linkedin-insight': {
    privacyPolicyUrl: 'https://www.linkedin.com/legal/privacy-policy',
    recipient: 'LinkedIn Corporation',
    thirdCountries: US,
    retention: 'P180D',
  },
  'tiktok-pixel': {
    privacyPolicyUrl: 'https://www.tiktok.com/legal/privacy-policy-eea',
    recipient: 'TikTok Technology Ltd.',
    thirdCountries: ['US', 'SG', 'MY', 'CN'],
  },
  'microsoft-clarity': {
    privacyPolicyUrl: MICROSOFT_POLICY,
    recipient: 'Microsoft Corporation',
    thirdCountries: US,
    retention: 'P13M',
  },
  'microsoft-uet': {
    privacyPolicyUrl: MICROSOFT_POLICY,
    recipient: 'Microsoft Corporation',
    thirdCountries: US,
    retention: 'P13M',
  },
  'matomo-cloud': {
    privacyPolicyUrl: 'https://matomo.org/privacy-policy/',
    recipient: 'InnoCraft Ltd.',
    thirdCountries: ['NZ'],
    retention: 'P24M',
  },
  youtube: {
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
  },
  vimeo: {
    privacyPolicyUrl: 'https://vimeo.com/privacy',
    recipient: 'Vimeo.com, Inc.',
    thirdCountries: US,
  },
  'google-maps': {
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
  },
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
    return { ...merged, thirdCountries: merged.thirdCountries ?? [] };
  };
  return {
    ...config,
    categories: config.categories.map((category) => ({ ...category, services: category.services.map(fill) })),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
