import type { BuiltInServiceId } from '../types.js';

/**
 * What the critical loader knows of a built-in vendor: enough to hold it back. Its name, provider, cookies and
 * storage keys (for the placeholder, the declaration, the receipt and the clean-up) are in `vendors.ts`, which only
 * the runtime, the npm build and the tools carry.
 */
export interface VendorHosts {
  id: BuiltInServiceId;
  /** The category it belongs to unless the owner puts it elsewhere. */
  category: string;
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

const STATISTICS = 'statistics';
const MARKETING = 'marketing';

/** One catalogue entry: the vendor, its category and what identifies its requests. */
const vendor = (id: BuiltInServiceId, category: string, hosts: readonly string[]): VendorHosts => ({
  id,
  category,
  hosts,
});

/**
 * Built-in vendors, by what identifies their requests. The blocker holds every one of them back until its category
 * is granted, whether the owner listed it or not.
 */
export const VENDOR_HOSTS: readonly VendorHosts[] = [
  vendor('google-analytics', STATISTICS, [
    'www.googletagmanager.com/gtag/',
    '*.google-analytics.com',
    '*.analytics.google.com',
  ]),
  vendor('universal-analytics', STATISTICS, [
    'www.google-analytics.com/analytics.js',
    'www.google-analytics.com/ga.js',
    'ssl.google-analytics.com',
    'stats.g.doubleclick.net',
  ]),
  vendor('google-tag-manager', STATISTICS, ['www.googletagmanager.com']),
  vendor('google-ads', MARKETING, [
    'www.googletagmanager.com/gtag/js?id=AW-',
    'www.googletagmanager.com/gtag/js?id=DC-',
    'www.googleadservices.com',
    '*.doubleclick.net',
    'www.google.com/pagead',
    'pagead2.googlesyndication.com',
  ]),
  vendor('hotjar', STATISTICS, ['*.hotjar.com', '*.hotjar.io']),
  vendor('meta-pixel', MARKETING, ['connect.facebook.net', 'www.facebook.com/tr']),
  vendor('linkedin-insight', MARKETING, ['snap.licdn.com', 'px.ads.linkedin.com', 'dc.ads.linkedin.com']),
  vendor('tiktok-pixel', MARKETING, ['analytics.tiktok.com', 'analytics-ipv6.tiktokw.us']),
  vendor('microsoft-clarity', STATISTICS, ['*.clarity.ms']),
  vendor('microsoft-uet', MARKETING, ['bat.bing.com', 'bat.bing.net']),
  vendor('matomo-cloud', STATISTICS, ['*.matomo.cloud', '*.innocraft.cloud']),
  vendor('youtube', MARKETING, [
    'www.youtube.com',
    'www.youtube-nocookie.com',
    'youtube.com',
    'youtu.be',
    '*.ytimg.com',
  ]),
  vendor('vimeo', MARKETING, ['player.vimeo.com', '*.vimeocdn.com']),
  vendor('google-maps', MARKETING, [
    'www.google.com/maps',
    'maps.google.com',
    'maps.googleapis.com',
    'maps.gstatic.com',
  ]),
];

/** The built-in vendor with this id, as the loader knows it. */
export function findVendorHosts(id: string): VendorHosts | undefined {
  return VENDOR_HOSTS.find((vendor) => vendor.id === id);
}
