import type { CookieDeclaration, LocalizedText } from '../types.js';

/** A vendor samtykke knows: where its code and beacons come from, what it stores, and where its data goes. */
export interface Vendor {
  id: string;
  name: string;
  provider: string;
  /** The category it belongs to unless the owner puts it elsewhere. */
  category: string;
  purpose: LocalizedText;
  privacyPolicyUrl: string;
  recipient: string;
  thirdCountries: readonly string[];
  retention?: string;
  cookies: readonly CookieDeclaration[];
  storageKeys: readonly string[];
  /** URL patterns of its scripts, frames and beacons (see `ServiceConfig.hosts`). */
  hosts: readonly string[];
}

const GOOGLE = 'Google Ireland Ltd.';
const GOOGLE_POLICY = 'https://policies.google.com/privacy';

/**
 * Built-in vendors. Owners name them by id in a category (`services: ['google-analytics']`) to get the
 * declaration and clean-up data, and the blocker holds every one of them back until its category is granted,
 * whether the owner listed it or not.
 */
export const VENDORS: readonly Vendor[] = [
  {
    id: 'google-analytics',
    name: 'Google Analytics',
    provider: GOOGLE,
    category: 'statistics',
    purpose: { en: 'Measures how visitors use the site.', nb: 'Måler hvordan besøkende bruker nettstedet.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: 'Google LLC',
    thirdCountries: ['US'],
    retention: 'P14M',
    cookies: [
      { name: '_ga', expiry: 'P2Y', parentDomain: true },
      { name: '_ga_*', expiry: 'P2Y', parentDomain: true },
      { name: '_gid', expiry: 'P1D', parentDomain: true },
      { name: '_gat*', expiry: 'PT1M', parentDomain: true },
    ],
    storageKeys: [],
    hosts: ['www.googletagmanager.com/gtag/', '*.google-analytics.com', 'analytics.google.com'],
  },
  {
    id: 'google-tag-manager',
    name: 'Google Tag Manager',
    provider: GOOGLE,
    category: 'statistics',
    purpose: {
      en: 'Loads the site’s measurement and marketing tags.',
      nb: 'Laster inn nettstedets måle- og markedsføringskoder.',
    },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: 'Google LLC',
    thirdCountries: ['US'],
    cookies: [],
    storageKeys: [],
    hosts: ['www.googletagmanager.com'],
  },
  {
    id: 'hotjar',
    name: 'Hotjar',
    provider: 'Hotjar Ltd.',
    category: 'statistics',
    purpose: {
      en: 'Records heatmaps and sessions to improve the site.',
      nb: 'Lager varmekart og opptak av økter for å forbedre nettstedet.',
    },
    privacyPolicyUrl: 'https://www.hotjar.com/legal/policies/privacy/',
    recipient: 'Hotjar Ltd.',
    thirdCountries: [],
    retention: 'P365D',
    cookies: [
      { name: '_hjSessionUser_*', expiry: 'P1Y' },
      { name: '_hjSession_*', expiry: 'PT30M' },
      { name: '_hjid', expiry: 'P1Y' },
      { name: '_hj*', expiry: 'P1Y' },
    ],
    storageKeys: ['_hj*', 'hjViewportId', 'hjActiveViewportIds'],
    hosts: ['*.hotjar.com', '*.hotjar.io'],
  },
  {
    id: 'meta-pixel',
    name: 'Meta Pixel',
    provider: 'Meta Platforms Ireland Ltd.',
    category: 'marketing',
    purpose: {
      en: 'Measures ad conversions and builds audiences for ads on Facebook and Instagram.',
      nb: 'Måler konverteringer fra annonser og lager målgrupper for annonser på Facebook og Instagram.',
    },
    privacyPolicyUrl: 'https://www.facebook.com/privacy/policy/',
    recipient: 'Meta Platforms, Inc.',
    thirdCountries: ['US'],
    cookies: [
      { name: '_fbp', expiry: 'P90D', parentDomain: true },
      { name: '_fbc', expiry: 'P90D', parentDomain: true },
    ],
    storageKeys: [],
    hosts: ['connect.facebook.net', 'www.facebook.com/tr'],
  },
  {
    id: 'youtube',
    name: 'YouTube',
    provider: GOOGLE,
    category: 'marketing',
    purpose: { en: 'Plays embedded videos.', nb: 'Spiller av innebygde videoer.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: 'Google LLC',
    thirdCountries: ['US'],
    cookies: [
      { name: 'YSC', expiry: 'session' },
      { name: 'VISITOR_INFO1_LIVE', expiry: 'P180D' },
    ],
    storageKeys: ['yt-remote-*', 'ytidb::*'],
    hosts: ['www.youtube.com', 'www.youtube-nocookie.com', 'youtube.com', 'youtu.be', '*.ytimg.com'],
  },
];

/** The built-in vendor with this id. */
export function findVendor(id: string): Vendor | undefined {
  return VENDORS.find((vendor) => vendor.id === id);
}
