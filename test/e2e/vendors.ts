/**
 * Stand-ins for the vendors' real files, served at their real hostnames and paths through Chromium's
 * host-resolver rules. Each one records in `window.__executed` that it ran and sets the cookies and storage the
 * real one sets, so tests can see both execution and clean-up.
 */

/** Marks a vendor as executed and keeps a copy of what it saw in dataLayer at that moment. */
const ran = (name: string) =>
  `(window.__executed = window.__executed || []).push(${JSON.stringify(name)});` +
  `(window.__scriptSrcs = window.__scriptSrcs || []).push(document.currentScript ? document.currentScript.src : '');` +
  `(window.__dataLayerAtRun = window.__dataLayerAtRun || {})[${JSON.stringify(name)}] = JSON.parse(JSON.stringify(Array.from(window.dataLayer || [], function (e) { return Array.from(e && e.length !== undefined && typeof e !== 'string' ? e : [e]); })));`;

const parentCookie = (name: string, value: string) =>
  `document.cookie = ${JSON.stringify(`${name}=${value}; path=/; domain=.fjordkaffe.test; max-age=3600; secure`)};`;

/** Fake vendor bodies by host + path prefix. */
export const VENDOR_SCRIPTS: ReadonlyArray<{ host: string; path: string; name: string; body: string }> = [
  {
    host: 'www.googletagmanager.com',
    path: '/gtag/js',
    name: 'gtag',
    body: `${ran('gtag')}${parentCookie('_ga', 'GA1.1.123.456')}${parentCookie('_ga_TEST123', 'GS1.1.1')}${parentCookie('_gid', 'GA1.1.789')}
      navigator.sendBeacon('https://region1.google-analytics.com/g/collect?v=2&tid=G-TEST123', '');`,
  },
  {
    host: 'www.googletagmanager.com',
    path: '/gtm.js',
    name: 'gtm',
    // Like a container with a Hotjar tag and a Meta pixel: GTM adds them itself, after the page's own code.
    body: `${ran('gtm')}if (/GTM-TEST/.test(document.currentScript && document.currentScript.src)) {
      var h = document.createElement('script'); h.async = true; h.src = 'https://static.hotjar.com/c/hotjar-9.js?sv=gtm'; document.head.appendChild(h);
      new Image().src = 'https://www.facebook.com/tr?id=9&ev=PageView&via=gtm';
    }`,
  },
  {
    host: 'www.google-analytics.com',
    path: '/analytics.js',
    name: 'ua',
    body: `${ran('ua')}${parentCookie('_ga', 'GA1.2.1.2')}`,
  },
  {
    host: 'static.hotjar.com',
    path: '/c/hotjar-',
    name: 'hotjar',
    body: `${ran('hotjar')}document.cookie = '_hjSessionUser_1234=eyJ; path=/; max-age=3600; secure';
      document.cookie = '_hjSession_1234=eyJ; path=/; max-age=1800; secure';
      localStorage.setItem('_hjLocalStorageTest', '1'); sessionStorage.setItem('_hjSessionStorageTest', '1');`,
  },
  {
    host: 'connect.facebook.net',
    path: '/en_US/fbevents.js',
    name: 'meta',
    body: `${ran('meta')}${parentCookie('_fbp', 'fb.1.123.456')}
      if (window.fbq && window.fbq.queue) window.fbq.callMethod = function () {};
      new Image().src = 'https://www.facebook.com/tr?id=123&ev=PageView';`,
  },
  { host: 'connect.facebook.net', path: '/signals/config/', name: 'meta-config', body: ran('meta-config') },
  { host: 'snap.licdn.com', path: '/li.lms-analytics/insight.min.js', name: 'linkedin', body: ran('linkedin') },
  {
    host: 'analytics.tiktok.com',
    path: '/i18n/pixel/',
    name: 'tiktok',
    body: `${ran('tiktok')}${parentCookie('_ttp', 'ttp1')}localStorage.setItem('tt_sessionId', '1');`,
  },
  {
    host: 'www.clarity.ms',
    path: '/tag/',
    name: 'clarity',
    body: `${ran('clarity')}${parentCookie('_clck', 'c1')}`,
  },
  {
    host: 'bat.bing.com',
    path: '/bat.js',
    name: 'uet',
    body: `${ran('uet')}${parentCookie('_uetvid', 'u1')}localStorage.setItem('_uetvid', 'u1');`,
  },
  { host: 'cdn.matomo.cloud', path: '/', name: 'matomo', body: ran('matomo') },
];

/** The fake vendor script for a request, if any. */
export function vendorScript(host: string, path: string): string | undefined {
  return VENDOR_SCRIPTS.find((v) => v.host === host && path.startsWith(v.path))?.body;
}

/** A page an embed loads (YouTube, Vimeo, Maps stand-in). */
export function embedPage(host: string): string {
  return `<!doctype html><title>${host}</title><p>Embedded content from ${host}</p>`;
}
