import type { BuiltInServiceId, CookieDeclaration } from '../types.js';

/**
 * A vendor samtykke knows: what the loader needs to block it and clean up after it. What is only shown or
 * recorded (purpose, recipient, countries, retention) is in `vendor-details.ts`, outside the loader.
 */
export interface Vendor {
  id: BuiltInServiceId;
  name: string;
  /** Named in the embed placeholder ("This content from {provider}…"). */
  provider: string;
  /** The category it belongs to unless the owner puts it elsewhere. */
  category: string;
  cookies: readonly CookieDeclaration[];
  storageKeys: readonly string[];
  /** URL patterns of its scripts, frames and beacons (see `ServiceConfig.hosts`). */
  hosts: readonly string[];
}

/** Google's own tags: in Consent Mode's advanced mode they load at once and respect the consent state. */
export const GOOGLE_TAGS: readonly string[] = [
  'google-analytics',
  'universal-analytics',
  'google-tag-manager',
  'google-ads',
];

const GOOGLE = 'Google Ireland Ltd.';
const MICROSOFT = 'Microsoft Ireland Operations Ltd.';
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
    cookies: [c('_ga', 'P2Y', true), c('_ga_*', 'P2Y', true), c('_gid', 'P1D', true), c('_gat*', 'PT1M', true)],
    storageKeys: [],
    hosts: ['www.googletagmanager.com/gtag/', '*.google-analytics.com', '*.analytics.google.com'],
  },
  {
    id: 'universal-analytics',
    name: 'Google Universal Analytics',
    provider: GOOGLE,
    category: STATISTICS,
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
    cookies: [],
    storageKeys: [],
    hosts: ['www.googletagmanager.com'],
  },
  {
    id: 'google-ads',
    name: 'Google Ads',
    provider: GOOGLE,
    category: MARKETING,
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
    cookies: [c('_hjSessionUser_*', 'P1Y'), c('_hjSession_*', 'PT30M'), c('_hj*', 'P1Y')],
    storageKeys: ['_hj*', 'hjViewportId', 'hjActiveViewportIds'],
    hosts: ['*.hotjar.com', '*.hotjar.io'],
  },
  {
    id: 'meta-pixel',
    name: 'Meta Pixel',
    provider: 'Meta Platforms Ireland Ltd.',
    category: MARKETING,
    cookies: [c('_fbp', 'P90D', true), c('_fbc', 'P90D', true)],
    storageKeys: [],
    hosts: ['connect.facebook.net', 'www.facebook.com/tr'],
  },
  {
    id: 'linkedin-insight',
    name: 'LinkedIn Insight Tag',
    provider: 'LinkedIn Ireland Unlimited Company',
    category: MARKETING,
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
    cookies: [c('_ttp', 'P13M', true), c('_tt_enable_cookie', 'P13M', true), c('ttcsid*', 'PT30M', true)],
    storageKeys: ['tt_appInfo', 'tt_sessionId', 'tt_pixel_session_index'],
    hosts: ['analytics.tiktok.com', 'analytics-ipv6.tiktokw.us'],
  },
  {
    id: 'microsoft-clarity',
    name: 'Microsoft Clarity',
    provider: MICROSOFT,
    category: STATISTICS,
    cookies: [c('_clck', 'P1Y', true), c('_clsk', 'P1D', true), c('CLID', 'P1Y'), c('MUID', 'P1Y')],
    storageKeys: ['_clck', '_clsk'],
    hosts: ['*.clarity.ms'],
  },
  {
    id: 'microsoft-uet',
    name: 'Microsoft Advertising (UET)',
    provider: MICROSOFT,
    category: MARKETING,
    cookies: [c('_uetsid', 'P1D', true), c('_uetvid', 'P13M', true), c('MUID', 'P1Y')],
    storageKeys: ['_uetsid', '_uetsid_exp', '_uetvid', '_uetvid_exp'],
    hosts: ['bat.bing.com', 'bat.bing.net'],
  },
  {
    id: 'matomo-cloud',
    name: 'Matomo Cloud',
    provider: 'InnoCraft Ltd.',
    category: STATISTICS,
    cookies: [c('_pk_id.*', 'P13M'), c('_pk_ses.*', 'PT30M'), c('_pk_ref.*', 'P6M'), c('_pk_cvar.*', 'PT30M')],
    storageKeys: [],
    hosts: ['*.matomo.cloud', '*.innocraft.cloud'],
  },
  {
    id: 'youtube',
    name: 'YouTube',
    provider: GOOGLE,
    category: MARKETING,
    cookies: [c('YSC', 'session'), c('VISITOR_INFO1_LIVE', 'P180D'), c('VISITOR_PRIVACY_METADATA', 'P180D')],
    storageKeys: ['yt-remote-*', 'ytidb::*', 'yt.innertube::*'],
    hosts: ['www.youtube.com', 'www.youtube-nocookie.com', 'youtube.com', 'youtu.be', '*.ytimg.com'],
  },
  {
    id: 'vimeo',
    name: 'Vimeo',
    provider: 'Vimeo.com, Inc.',
    category: MARKETING,
    cookies: [c('vuid', 'P2Y'), c('__cf_bm', 'PT30M')],
    storageKeys: [],
    hosts: ['player.vimeo.com', '*.vimeocdn.com'],
  },
  {
    id: 'google-maps',
    name: 'Google Maps',
    provider: GOOGLE,
    category: MARKETING,
    cookies: [c('NID', 'P6M')],
    storageKeys: [],
    hosts: ['www.google.com/maps', 'maps.google.com', 'maps.googleapis.com', 'maps.gstatic.com'],
  },
];

/** The built-in vendor with this id. */
export function findVendor(id: string): Vendor | undefined {
  return VENDORS.find((vendor) => vendor.id === id);
}
