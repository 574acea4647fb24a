import type { BuiltInServiceId, CookieDeclaration } from '../types.js';
import { VENDOR_HOSTS, type VendorHosts } from './vendor-hosts.js';

export { GOOGLE_TAGS } from './vendor-hosts.js';

/**
 * A vendor samtykke knows: what is needed to block it and clean up after it. What is only shown or recorded
 * (purpose, recipient, countries, retention) is in `vendor-details.ts`; what the loader needs to hold it back
 * (`vendor-hosts.ts`) is all the critical loader carries.
 */
export interface Vendor extends VendorHosts {
  name: string;
  /** Named in the embed placeholder ("This content from {provider}…"). */
  provider: string;
  cookies: readonly CookieDeclaration[];
  storageKeys: readonly string[];
}

const GOOGLE = 'Google Ireland Ltd.';
const MICROSOFT = 'Microsoft Ireland Operations Ltd.';

/** A cookie declaration; `parent` marks cookies set on the registrable domain (shared with subdomains). */
const c = (name: string, expiry: string, parent?: boolean): CookieDeclaration =>
  parent ? { name, expiry, parentDomain: true } : { name, expiry };

/**
 * What a built-in vendor leaves behind and is called, by id. Cookies set on the vendor's own domain (third-party
 * cookies) are listed for the declaration; the page cannot delete them.
 */
const TRACES: Readonly<Record<BuiltInServiceId, Omit<Vendor, keyof VendorHosts>>> = {
  'google-analytics': {
    name: 'Google Analytics',
    provider: GOOGLE,
    cookies: [c('_ga', 'P2Y', true), c('_ga_*', 'P2Y', true), c('_gid', 'P1D', true), c('_gat*', 'PT1M', true)],
    storageKeys: [],
  },
  'universal-analytics': {
    name: 'Google Universal Analytics',
    provider: GOOGLE,
    cookies: [c('_ga', 'P2Y', true), c('_gid', 'P1D', true), c('_gat*', 'PT1M', true), c('__utm*', 'P2Y', true)],
    storageKeys: [],
  },
  'google-tag-manager': {
    name: 'Google Tag Manager',
    provider: GOOGLE,
    cookies: [],
    storageKeys: [],
  },
  'google-ads': {
    name: 'Google Ads',
    provider: GOOGLE,
    cookies: [c('_gcl_au', 'P90D', true), c('_gcl_aw', 'P90D', true), c('IDE', 'P13M'), c('test_cookie', 'PT15M')],
    storageKeys: [],
  },
  hotjar: {
    name: 'Hotjar',
    provider: 'Hotjar Ltd.',
    cookies: [c('_hjSessionUser_*', 'P1Y'), c('_hjSession_*', 'PT30M'), c('_hj*', 'P1Y')],
    storageKeys: ['_hj*', 'hjViewportId', 'hjActiveViewportIds'],
  },
  'meta-pixel': {
    name: 'Meta Pixel',
    provider: 'Meta Platforms Ireland Ltd.',
    cookies: [c('_fbp', 'P90D', true), c('_fbc', 'P90D', true)],
    storageKeys: [],
  },
  'linkedin-insight': {
    name: 'LinkedIn Insight Tag',
    provider: 'LinkedIn Ireland Unlimited Company',
    cookies: [
      c('li_fat_id', 'P30D', true),
      c('li_sugr', 'P90D'),
      c('bcookie', 'P1Y'),
      c('lidc', 'P1D'),
      c('UserMatchHistory', 'P30D'),
    ],
    storageKeys: ['li_adsId'],
  },
  'tiktok-pixel': {
    name: 'TikTok Pixel',
    provider: 'TikTok Technology Ltd.',
    cookies: [c('_ttp', 'P13M', true), c('_tt_enable_cookie', 'P13M', true), c('ttcsid*', 'PT30M', true)],
    storageKeys: ['tt_appInfo', 'tt_sessionId', 'tt_pixel_session_index'],
  },
  'microsoft-clarity': {
    name: 'Microsoft Clarity',
    provider: MICROSOFT,
    cookies: [c('_clck', 'P1Y', true), c('_clsk', 'P1D', true), c('CLID', 'P1Y'), c('MUID', 'P1Y')],
    storageKeys: ['_clck', '_clsk'],
  },
  'microsoft-uet': {
    name: 'Microsoft Advertising (UET)',
    provider: MICROSOFT,
    cookies: [c('_uetsid', 'P1D', true), c('_uetvid', 'P13M', true), c('MUID', 'P1Y')],
    storageKeys: ['_uetsid', '_uetsid_exp', '_uetvid', '_uetvid_exp'],
  },
  'matomo-cloud': {
    name: 'Matomo Cloud',
    provider: 'InnoCraft Ltd.',
    cookies: [c('_pk_id.*', 'P13M'), c('_pk_ses.*', 'PT30M'), c('_pk_ref.*', 'P6M'), c('_pk_cvar.*', 'PT30M')],
    storageKeys: [],
  },
  youtube: {
    name: 'YouTube',
    provider: GOOGLE,
    cookies: [c('YSC', 'session'), c('VISITOR_INFO1_LIVE', 'P180D'), c('VISITOR_PRIVACY_METADATA', 'P180D')],
    storageKeys: ['yt-remote-*', 'ytidb::*', 'yt.innertube::*'],
  },
  vimeo: {
    name: 'Vimeo',
    provider: 'Vimeo.com, Inc.',
    cookies: [c('vuid', 'P2Y'), c('__cf_bm', 'PT30M')],
    storageKeys: [],
  },
  'google-maps': {
    name: 'Google Maps',
    provider: GOOGLE,
    cookies: [c('NID', 'P6M')],
    storageKeys: [],
  },
};

/**
 * Built-in vendors. Owners name them by id in a category (`services: ['google-analytics']`) to get the
 * declaration and clean-up data, and the blocker holds every one of them back until its category is granted,
 * whether the owner listed it or not.
 */
export const VENDORS: readonly Vendor[] = /* @__PURE__ */ VENDOR_HOSTS.map((vendor) => ({
  ...vendor,
  ...TRACES[vendor.id],
}));

/** The built-in vendor with this id. */
export function findVendor(id: string): Vendor | undefined {
  return VENDORS.find((vendor) => vendor.id === id);
}
