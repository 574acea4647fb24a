import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A file a library may load, as the bench serves it under `/lib/<library>/`. Which ones it actually loads, and
 * when, the bench observes in the browser rather than assumes.
 */
export interface LibraryFile {
  /** Path on the bench server. */
  url: string;
  /** File on disk, relative to the project root. */
  file: string;
}

/** How one consent library is put on the bench page and recognised there. */
export interface Library {
  id: string;
  label: string;
  files: LibraryFile[];
  /** Markup right after `<meta charset>`: where the library's docs tell a site to put it. */
  head: string;
  /** Markup at the end of `<body>` (the static floor's banner); libraries build theirs in script. */
  body?: string;
  /** The GA-style snippet (external gtag.js + inline config), marked so this library holds it back. */
  gated(src: string): string;
  /**
   * Page-side function source returning the candidate banner elements; the bench waits until one is visible.
   * It runs every frame, so it is a plain function expression with no closure over Node values.
   */
  probe: string;
}

const ROOT = process.cwd();
const GTAG_INLINE =
  "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-BENCH');";
const TEXT = {
  title: 'We use cookies',
  body: 'We use necessary cookies to run this site and, with your consent, statistics and marketing cookies to improve it.',
  necessary: 'Needed for the site to work: your session and this choice.',
  statistics: 'Counts visits and how the site is used, so we can improve it.',
  marketing: 'Measures the effect of our advertising.',
};

const version = (pkg: string) =>
  (JSON.parse(readFileSync(join(ROOT, pkg, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * samtykke from this checkout's `dist/`, synchronously first in <head>: the loader, which fetches the parts it
 * needs (UI for the page's language, ledger once there is a decision) from its own folder, or (`oneFile`)
 * `samtykke.all.js` with them inside. Every browser bundle in `dist/` is served next to it.
 */
function samtykke(oneFile: boolean): Library {
  const config = {
    controller: { name: 'Fjordkaffe AS' },
    policy: { privacyUrl: '/privacy' },
    categories: {
      statistics: { description: TEXT.statistics, services: ['google-analytics'] },
      marketing: { description: TEXT.marketing, services: ['meta-pixel'] },
    },
  };
  const id = oneFile ? 'samtykke-all' : 'samtykke';
  const bundles = readdirSync(join(ROOT, 'dist')).filter((name) => /^samtykke[\w.-]*\.js$/.test(name));
  const entry = oneFile ? 'samtykke.all.js' : 'samtykke.js';
  if (!bundles.includes(entry)) throw new Error(`bench: dist/${entry} is missing; run \`npm run build\` first`);
  return {
    id,
    label: `samtykke ${version('.')}${oneFile ? ' (one file)' : ''}`,
    files: bundles.map((name) => ({ url: `/lib/${id}/${name}`, file: `dist/${name}` })),
    head: `<script>window.samtykkeConfig=${JSON.stringify(config)};</script><script src="/lib/${id}/${entry}"></script>`,
    gated: (src) =>
      `<script type="text/plain" data-category="statistics" data-service="google-analytics" data-src="${src}"></script>` +
      `<script type="text/plain" data-category="statistics" data-service="google-analytics">${GTAG_INLINE}</script>`,
    // The banner lives in an open shadow root on a host element; any visible region or dialog in one counts.
    probe: `() => { const found = []; for (const el of document.querySelectorAll('*')) { if (el.shadowRoot) found.push(...el.shadowRoot.querySelectorAll('[role=region],[role=dialog]')); } return found; }`,
  };
}

/** vanilla-cookieconsent v3 as its docs load it: stylesheet in <head>, the UMD build deferred, `run()` after it. */
function vanillaCookieconsent(): Library {
  const section = (title: string, description: string, linkedCategory: string) => ({
    title,
    description,
    linkedCategory,
  });
  const config = {
    categories: {
      necessary: { enabled: true, readOnly: true },
      analytics: { autoClear: { cookies: [{ name: '_ga' }, { name: '_gid' }] } },
      marketing: {},
    },
    language: {
      default: 'en',
      translations: {
        en: {
          consentModal: {
            title: TEXT.title,
            description: TEXT.body,
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            showPreferencesBtn: 'Customise',
          },
          preferencesModal: {
            title: 'Cookie settings',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            savePreferencesBtn: 'Save my choices',
            closeIconLabel: 'Close',
            sections: [
              section('Necessary', TEXT.necessary, 'necessary'),
              section('Statistics', TEXT.statistics, 'analytics'),
              section('Marketing', TEXT.marketing, 'marketing'),
            ],
          },
        },
      },
    },
  };
  const dir = 'node_modules/vanilla-cookieconsent/dist';
  return {
    id: 'vanilla-cookieconsent',
    label: `vanilla-cookieconsent ${version('node_modules/vanilla-cookieconsent')}`,
    files: [
      { url: '/lib/cc/cookieconsent.umd.js', file: `${dir}/cookieconsent.umd.js` },
      { url: '/lib/cc/cookieconsent.css', file: `${dir}/cookieconsent.css` },
    ],
    head:
      '<link rel="stylesheet" href="/lib/cc/cookieconsent.css"><script defer src="/lib/cc/cookieconsent.umd.js"></script>' +
      // Deferred scripts have run by DOMContentLoaded, so this is the docs' deferred config module without a file.
      `<script>document.addEventListener('DOMContentLoaded',function(){CookieConsent.run(${JSON.stringify(config)})});</script>`,
    gated: (src) =>
      `<script type="text/plain" data-category="analytics" data-src="${src}"></script>` +
      `<script type="text/plain" data-category="analytics">${GTAG_INLINE}</script>`,
    probe: `() => Array.from(document.querySelectorAll('#cc-main .cm'))`,
  };
}

/** Klaro as its README loads it: config first, then `klaro.js` (CSS and translations built in), both deferred. */
function klaro(): Library {
  const config = {
    version: 1,
    elementID: 'klaro',
    lang: 'en',
    storageMethod: 'cookie',
    cookieName: 'klaro',
    cookieExpiresAfterDays: 180,
    default: false,
    mustConsent: false,
    acceptAll: true,
    hideDeclineAll: false,
    hideLearnMore: false,
    noticeAsModal: false,
    translations: {
      en: {
        privacyPolicyUrl: '/privacy',
        ok: 'Accept all',
        acceptAll: 'Accept all',
        decline: 'Reject all',
        consentNotice: { description: TEXT.body, learnMore: 'Customise' },
        consentModal: { title: 'Cookie settings', description: TEXT.body },
        purposes: { necessary: 'Necessary', analytics: 'Statistics', marketing: 'Marketing' },
        session: { title: 'Session', description: TEXT.necessary },
        'google-analytics': { title: 'Google Analytics', description: TEXT.statistics },
        'meta-pixel': { title: 'Meta Pixel', description: TEXT.marketing },
      },
    },
    services: [
      { name: 'session', purposes: ['necessary'], required: true },
      { name: 'google-analytics', purposes: ['analytics'], cookies: ['_ga', '_gid'] },
      { name: 'meta-pixel', purposes: ['marketing'], cookies: ['_fbp'] },
    ],
  };
  return {
    id: 'klaro',
    label: `Klaro ${version('node_modules/klaro')}`,
    files: [{ url: '/lib/klaro/klaro.js', file: 'node_modules/klaro/dist/klaro.js' }],
    head: `<script>var klaroConfig=${JSON.stringify(config)};</script><script defer src="/lib/klaro/klaro.js"></script>`,
    gated: (src) =>
      `<script type="text/plain" data-type="text/javascript" data-name="google-analytics" data-src="${src}"></script>` +
      `<script type="text/plain" data-type="text/javascript" data-name="google-analytics">${GTAG_INLINE}</script>`,
    probe: `() => Array.from(document.querySelectorAll('.klaro .cookie-notice'))`,
  };
}

/** The floor's banner styles: a bottom bar with three equal buttons, as the libraries draw theirs. */
const FLOOR_CSS =
  '.floor-banner{position:fixed;inset:auto 1rem 1rem;max-width:36rem;margin:auto;padding:1rem 1.25rem;background:#fff;' +
  'color:#1d2430;border:1px solid #ccc;border-radius:.5rem;box-shadow:0 4px 16px #0003;font:1rem/1.5 system-ui,sans-serif}' +
  '.floor-banner h2{margin:0 0 .5rem;font-size:1.125rem}.floor-banner div{display:flex;gap:.5rem;flex-wrap:wrap}' +
  '.floor-banner button{flex:1;padding:.5rem 1rem;font:inherit;border:1px solid #1d2430;border-radius:.25rem;' +
  'background:#1d2430;color:#fff}.decided .floor-banner{display:none}';

/**
 * The floor: no library at all. The banner is static markup and styles in the page itself, painted with the
 * page's first frame; a few inline lines remember "Accept all" in a cookie and then run the held-back snippet.
 * What no script-driven banner can beat on this page.
 */
function staticFloor(): Library {
  const decided = '/(^|; )floor=all/.test(document.cookie)';
  const release =
    "function release(){document.querySelectorAll('script[data-floor]').forEach(function(held){" +
    "var s=document.createElement('script');if(held.dataset.src)s.src=held.dataset.src;else s.text=held.text;" +
    'held.replaceWith(s)})}';
  return {
    id: 'static-floor',
    label: 'static inline banner (floor)',
    files: [],
    head: `<style>${FLOOR_CSS}</style><script>if(${decided})document.documentElement.className='decided'</script>`,
    body:
      `<div class="floor-banner" role="region" aria-label="Cookies"><h2>${TEXT.title}</h2><p>${TEXT.body}</p>` +
      '<div><button type="button" id="floor-accept">Accept all</button><button type="button">Reject all</button>' +
      '<button type="button">Customise</button></div></div>' +
      `<script>${release}if(${decided})release();document.getElementById('floor-accept').onclick=function(){` +
      "document.cookie='floor=all; path=/; max-age=15552000; samesite=lax';" +
      "document.documentElement.className='decided';release()};</script>",
    gated: (src) =>
      `<script type="text/plain" data-floor data-src="${src}"></script>` +
      `<script type="text/plain" data-floor>${GTAG_INLINE}</script>`,
    probe: `() => Array.from(document.querySelectorAll('.floor-banner'))`,
  };
}

/** The libraries compared, in the order of the first round (later rounds rotate it); the floor comes last. */
export function libraries(options: { oneFile?: boolean } = {}): Library[] {
  const peers = [vanillaCookieconsent(), klaro(), staticFloor()];
  return options.oneFile ? [samtykke(false), samtykke(true), ...peers] : [samtykke(false), ...peers];
}

/** The peers every samtykke figure is divided by, from the same run. */
export const PEERS = ['vanilla-cookieconsent', 'klaro'] as const;
/** The library that stands for the floor. */
export const FLOOR = 'static-floor';

/** Resolves a library file against the project root. */
export function libraryPath(file: LibraryFile): string {
  return join(ROOT, file.file);
}
