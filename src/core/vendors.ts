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
const GOOGLE_LLC = 'Google LLC';
const GOOGLE_POLICY = 'https://policies.google.com/privacy';
const MICROSOFT = 'Microsoft Ireland Operations Ltd.';
const MICROSOFT_POLICY = 'https://privacy.microsoft.com/privacystatement';
const US = ['US'];
const STATISTICS = 'statistics';
const MARKETING = 'marketing';

/** A cookie declaration; `parent` marks cookies set on the registrable domain (shared with subdomains). */
const c = (name: string, expiry: string, parent?: boolean): CookieDeclaration =>
  parent ? { name, expiry, parentDomain: true } : { name, expiry };

/**
 * Built-in vendors. Owners name them by id in a category (`services: ['google-analytics']`) to get the
 * declaration and clean-up data, and the blocker holds every one of them back until its category is granted,
 * whether the owner listed it or not. Cookies set on the vendor's own domain (third-party cookies) are listed for
 * the declaration; the page cannot delete them.
 */
export const VENDORS: readonly Vendor[] = [
  {
    id: 'google-analytics',
    name: 'Google Analytics',
    provider: GOOGLE,
    category: STATISTICS,
    purpose: { en: 'Measures how visitors use the site.', nb: 'Måler hvordan besøkende bruker nettstedet.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    retention: 'P14M',
    cookies: [c('_ga', 'P2Y', true), c('_ga_*', 'P2Y', true), c('_gid', 'P1D', true), c('_gat*', 'PT1M', true)],
    storageKeys: [],
    hosts: ['www.googletagmanager.com/gtag/', '*.google-analytics.com', '*.analytics.google.com'],
  },
  {
    id: 'universal-analytics',
    name: 'Google Universal Analytics',
    provider: GOOGLE,
    category: STATISTICS,
    purpose: { en: 'Measures how visitors use the site.', nb: 'Måler hvordan besøkende bruker nettstedet.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    retention: 'P14M',
    cookies: [c('_ga', 'P2Y', true), c('_gid', 'P1D', true), c('_gat*', 'PT1M', true), c('__utm*', 'P2Y', true)],
    storageKeys: [],
    hosts: [
      'www.google-analytics.com/analytics.js',
      'www.google-analytics.com/ga.js',
      'ssl.google-analytics.com',
      'stats.g.doubleclick.net',
    ],
  },
  {
    id: 'google-tag-manager',
    name: 'Google Tag Manager',
    provider: GOOGLE,
    category: STATISTICS,
    purpose: {
      en: 'Loads the site’s measurement and marketing tags.',
      nb: 'Laster nettstedets måle- og annonsekoder.',
    },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    cookies: [],
    storageKeys: [],
    hosts: ['www.googletagmanager.com'],
  },
  {
    id: 'google-ads',
    name: 'Google Ads',
    provider: GOOGLE,
    category: MARKETING,
    purpose: { en: 'Measures ad conversions and remarketing.', nb: 'Måler annonsekonverteringer og remarketing.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    retention: 'P540D',
    cookies: [c('_gcl_au', 'P90D', true), c('_gcl_aw', 'P90D', true), c('IDE', 'P13M'), c('test_cookie', 'PT15M')],
    storageKeys: [],
    hosts: [
      'www.googletagmanager.com/gtag/js?id=AW-',
      'www.googletagmanager.com/gtag/js?id=DC-',
      'www.googleadservices.com',
      '*.doubleclick.net',
      'www.google.com/pagead',
      'pagead2.googlesyndication.com',
    ],
  },
  {
    id: 'hotjar',
    name: 'Hotjar',
    provider: 'Hotjar Ltd.',
    category: STATISTICS,
    purpose: { en: 'Heatmaps and session recordings.', nb: 'Varmekart og opptak av økter.' },
    privacyPolicyUrl: 'https://www.hotjar.com/legal/policies/privacy/',
    recipient: 'Hotjar Ltd.',
    thirdCountries: [],
    retention: 'P365D',
    cookies: [c('_hjSessionUser_*', 'P1Y'), c('_hjSession_*', 'PT30M'), c('_hj*', 'P1Y')],
    storageKeys: ['_hj*', 'hjViewportId', 'hjActiveViewportIds'],
    hosts: ['*.hotjar.com', '*.hotjar.io'],
  },
  {
    id: 'meta-pixel',
    name: 'Meta Pixel',
    provider: 'Meta Platforms Ireland Ltd.',
    category: MARKETING,
    purpose: {
      en: 'Ad conversions and audiences on Facebook and Instagram.',
      nb: 'Konverteringer og målgrupper for annonser på Facebook og Instagram.',
    },
    privacyPolicyUrl: 'https://www.facebook.com/privacy/policy/',
    recipient: 'Meta Platforms, Inc.',
    thirdCountries: US,
    cookies: [c('_fbp', 'P90D', true), c('_fbc', 'P90D', true)],
    storageKeys: [],
    hosts: ['connect.facebook.net', 'www.facebook.com/tr'],
  },
  {
    id: 'linkedin-insight',
    name: 'LinkedIn Insight Tag',
    provider: 'LinkedIn Ireland Unlimited Company',
    category: MARKETING,
    purpose: {
      en: 'Ad conversions and audiences on LinkedIn.',
      nb: 'Konverteringer og målgrupper for annonser på LinkedIn.',
    },
    privacyPolicyUrl: 'https://www.linkedin.com/legal/privacy-policy',
    recipient: 'LinkedIn Corporation',
    thirdCountries: US,
    retention: 'P180D',
    cookies: [
      c('li_fat_id', 'P30D', true),
      c('li_sugr', 'P90D'),
      c('bcookie', 'P1Y'),
      c('lidc', 'P1D'),
      c('UserMatchHistory', 'P30D'),
    ],
    storageKeys: ['li_adsId'],
    hosts: ['snap.licdn.com', 'px.ads.linkedin.com', 'dc.ads.linkedin.com'],
  },
  {
    id: 'tiktok-pixel',
    name: 'TikTok Pixel',
    provider: 'TikTok Technology Ltd.',
    category: MARKETING,
    purpose: {
      en: 'Ad conversions and audiences on TikTok.',
      nb: 'Konverteringer og målgrupper for annonser på TikTok.',
    },
    privacyPolicyUrl: 'https://www.tiktok.com/legal/privacy-policy-eea',
    recipient: 'TikTok Technology Ltd.',
    thirdCountries: ['US', 'SG', 'MY', 'CN'],
    cookies: [c('_ttp', 'P13M', true), c('_tt_enable_cookie', 'P13M', true), c('ttcsid*', 'PT30M', true)],
    storageKeys: ['tt_appInfo', 'tt_sessionId', 'tt_pixel_session_index'],
    hosts: ['analytics.tiktok.com', 'analytics-ipv6.tiktokw.us'],
  },
  {
    id: 'microsoft-clarity',
    name: 'Microsoft Clarity',
    provider: MICROSOFT,
    category: STATISTICS,
    purpose: { en: 'Heatmaps and session recordings.', nb: 'Varmekart og opptak av økter.' },
    privacyPolicyUrl: MICROSOFT_POLICY,
    recipient: 'Microsoft Corporation',
    thirdCountries: US,
    retention: 'P13M',
    cookies: [c('_clck', 'P1Y', true), c('_clsk', 'P1D', true), c('CLID', 'P1Y'), c('MUID', 'P1Y')],
    storageKeys: ['_clck', '_clsk'],
    hosts: ['*.clarity.ms'],
  },
  {
    id: 'microsoft-uet',
    name: 'Microsoft Advertising (UET)',
    provider: MICROSOFT,
    category: MARKETING,
    purpose: {
      en: 'Ad conversions and remarketing on Bing.',
      nb: 'Konverteringer og remarketing for annonser på Bing.',
    },
    privacyPolicyUrl: MICROSOFT_POLICY,
    recipient: 'Microsoft Corporation',
    thirdCountries: US,
    retention: 'P13M',
    cookies: [c('_uetsid', 'P1D', true), c('_uetvid', 'P13M', true), c('MUID', 'P1Y')],
    storageKeys: ['_uetsid', '_uetsid_exp', '_uetvid', '_uetvid_exp'],
    hosts: ['bat.bing.com', 'bat.bing.net'],
  },
  {
    id: 'matomo-cloud',
    name: 'Matomo Cloud',
    provider: 'InnoCraft Ltd.',
    category: STATISTICS,
    purpose: { en: 'Measures how visitors use the site.', nb: 'Måler hvordan besøkende bruker nettstedet.' },
    privacyPolicyUrl: 'https://matomo.org/privacy-policy/',
    recipient: 'InnoCraft Ltd.',
    thirdCountries: ['NZ'],
    retention: 'P24M',
    cookies: [c('_pk_id.*', 'P13M'), c('_pk_ses.*', 'PT30M'), c('_pk_ref.*', 'P6M'), c('_pk_cvar.*', 'PT30M')],
    storageKeys: [],
    hosts: ['*.matomo.cloud', '*.innocraft.cloud'],
  },
  {
    id: 'youtube',
    name: 'YouTube',
    provider: GOOGLE,
    category: MARKETING,
    purpose: { en: 'Plays embedded videos.', nb: 'Spiller av innebygde videoer.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    cookies: [c('YSC', 'session'), c('VISITOR_INFO1_LIVE', 'P180D'), c('VISITOR_PRIVACY_METADATA', 'P180D')],
    storageKeys: ['yt-remote-*', 'ytidb::*', 'yt.innertube::*'],
    hosts: ['www.youtube.com', 'www.youtube-nocookie.com', 'youtube.com', 'youtu.be', '*.ytimg.com'],
  },
  {
    id: 'vimeo',
    name: 'Vimeo',
    provider: 'Vimeo.com, Inc.',
    category: MARKETING,
    purpose: { en: 'Plays embedded videos.', nb: 'Spiller av innebygde videoer.' },
    privacyPolicyUrl: 'https://vimeo.com/privacy',
    recipient: 'Vimeo.com, Inc.',
    thirdCountries: US,
    cookies: [c('vuid', 'P2Y'), c('__cf_bm', 'PT30M')],
    storageKeys: [],
    hosts: ['player.vimeo.com', '*.vimeocdn.com'],
  },
  {
    id: 'google-maps',
    name: 'Google Maps',
    provider: GOOGLE,
    category: MARKETING,
    purpose: { en: 'Shows embedded maps.', nb: 'Viser innebygde kart.' },
    privacyPolicyUrl: GOOGLE_POLICY,
    recipient: GOOGLE_LLC,
    thirdCountries: US,
    cookies: [c('NID', 'P6M')],
    storageKeys: [],
    hosts: ['www.google.com/maps', 'maps.google.com', 'maps.googleapis.com', 'maps.gstatic.com'],
  },
];

/** The built-in vendor with this id. */
export function findVendor(id: string): Vendor | undefined {
  return VENDORS.find((vendor) => vendor.id === id);
}
