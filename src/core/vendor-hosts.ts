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

/**
 * Built-in vendors, by what identifies their requests. The blocker holds every one of them back until its category
 * is granted, whether the owner listed it or not.
 */
export const VENDOR_HOSTS: readonly VendorHosts[] = [
  {
    id: 'google-analytics',
    category: STATISTICS,
    hosts: ['www.googletagmanager.com/gtag/', '*.google-analytics.com', '*.analytics.google.com'],
  },
  {
    id: 'universal-analytics',
    category: STATISTICS,
    hosts: [
      'www.google-analytics.com/analytics.js',
      'www.google-analytics.com/ga.js',
      'ssl.google-analytics.com',
      'stats.g.doubleclick.net',
    ],
  },
  {
    id: 'google-tag-manager',
    category: STATISTICS,
    hosts: ['www.googletagmanager.com'],
  },
  {
    id: 'google-ads',
    category: MARKETING,
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
    category: STATISTICS,
    hosts: ['*.hotjar.com', '*.hotjar.io'],
  },
  {
    id: 'meta-pixel',
    category: MARKETING,
    hosts: ['connect.facebook.net', 'www.facebook.com/tr'],
  },
  {
    id: 'linkedin-insight',
    category: MARKETING,
    hosts: ['snap.licdn.com', 'px.ads.linkedin.com', 'dc.ads.linkedin.com'],
  },
  {
    id: 'tiktok-pixel',
    category: MARKETING,
    hosts: ['analytics.tiktok.com', 'analytics-ipv6.tiktokw.us'],
  },
  {
    id: 'microsoft-clarity',
    category: STATISTICS,
    hosts: ['*.clarity.ms'],
  },
  {
    id: 'microsoft-uet',
    category: MARKETING,
    hosts: ['bat.bing.com', 'bat.bing.net'],
  },
  {
    id: 'matomo-cloud',
    category: STATISTICS,
    hosts: ['*.matomo.cloud', '*.innocraft.cloud'],
  },
  {
    id: 'youtube',
    category: MARKETING,
    hosts: ['www.youtube.com', 'www.youtube-nocookie.com', 'youtube.com', 'youtu.be', '*.ytimg.com'],
  },
  {
    id: 'vimeo',
    category: MARKETING,
    hosts: ['player.vimeo.com', '*.vimeocdn.com'],
  },
  {
    id: 'google-maps',
    category: MARKETING,
    hosts: ['www.google.com/maps', 'maps.google.com', 'maps.googleapis.com', 'maps.gstatic.com'],
  },
];

/** The built-in vendor with this id, as the loader knows it. */
export function findVendorHosts(id: string): VendorHosts | undefined {
  return VENDOR_HOSTS.find((vendor) => vendor.id === id);
}
