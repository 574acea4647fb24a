/**
 * The built-in vendors' cookies that are set on the vendor's own domain (third-party cookies), by vendor id and
 * cookie name: the declaration says who sets them. Every other built-in cookie is set on the site (first party).
 * Only the UI shows this, so neither the loader nor the ledger carries it.
 */
const LINKEDIN = 'linkedin.com';
const YOUTUBE = 'youtube.com';

export const VENDOR_COOKIE_DOMAINS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'google-ads': { IDE: 'doubleclick.net', test_cookie: 'doubleclick.net' },
  'linkedin-insight': { li_sugr: LINKEDIN, bcookie: LINKEDIN, lidc: LINKEDIN, UserMatchHistory: LINKEDIN },
  'microsoft-clarity': { CLID: 'clarity.ms', MUID: 'clarity.ms' },
  'microsoft-uet': { MUID: 'bing.com' },
  youtube: { YSC: YOUTUBE, VISITOR_INFO1_LIVE: YOUTUBE, VISITOR_PRIVACY_METADATA: YOUTUBE },
  vimeo: { vuid: 'vimeo.com', __cf_bm: 'vimeo.com' },
  'google-maps': { NID: 'google.com' },
};
