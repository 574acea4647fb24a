import { brotli } from '../scripts/sizes.js';
import { type Library, libraryPath } from './libraries.js';
import { benchPage, GATED_SCRIPT, HERO_SVG, SITE_CSS } from './page.js';
import {
  type Asset,
  type BenchServer,
  fileAsset,
  IMMUTABLE,
  REVALIDATE,
  startServer,
  textAsset,
} from './static-server.js';

const GTAG_HOST = 'www.googletagmanager.com';

export interface BenchSite {
  server: BenchServer;
  /** The page with `library` on it. */
  url(library: Library): string;
  /** Chromium flags for every browser of the run (the shared one and each persistent profile). */
  browserArgs: string[];
  /** The bytes of a banner inline in its page (the floor), compressed as served, by library id. */
  inline: Map<string, number>;
  /** Throws if any page asked for a file the bench does not serve: that would measure an error page. */
  checkNothingMissing(library: Library): void;
}

/** Serves every library's files and page, the site's own assets and the gated gtag.js from one local server. */
export async function serveBench(libs: readonly Library[]): Promise<BenchSite> {
  const assets = new Map<string, Asset>();
  const server = await startServer(assets);
  // gtag.js from Google's host, mapped to the bench server: samtykke releases a marked script only from the hosts
  // its service names, and a second origin is what every library faces on a real site.
  const gtagSrc = `http://${GTAG_HOST}/gtag/js?id=G-BENCH`;
  const inline = new Map<string, number>();
  for (const lib of libs) {
    for (const file of lib.files) assets.set(file.url, fileAsset(libraryPath(file), IMMUTABLE));
    assets.set(`/${lib.id}.html`, textAsset(benchPage(lib, gtagSrc), '.html', REVALIDATE));
    if (lib.body) inline.set(lib.id, brotli(Buffer.from(lib.head + lib.body)).length);
  }
  assets.set('/site.css', textAsset(SITE_CSS, '.css', 'public, max-age=3600'));
  assets.set('/hero.svg', textAsset(HERO_SVG, '.svg', 'public, max-age=3600'));
  // gtag.js is served with a short private lifetime, as Google serves it.
  assets.set('/gtag/js', textAsset(GATED_SCRIPT, '.js', 'private, max-age=900'));
  return {
    server,
    url: (lib) => `${server.origin}/${lib.id}.html`,
    browserArgs: [
      // A visitor's browser reports navigator.webdriver = false; vanilla-cookieconsent hides its banner from
      // automated browsers by default (hideFromBots), which would leave it nothing to measure.
      '--disable-blink-features=AutomationControlled',
      `--host-resolver-rules=MAP ${GTAG_HOST} 127.0.0.1:${server.port}`,
    ],
    inline,
    checkNothingMissing(lib) {
      const missing = server.log.filter((entry) => entry.status === 404).map((entry) => entry.path);
      if (missing.length) throw new Error(`${lib.id}: the page asked for files the bench lacks: ${missing.join(', ')}`);
    },
  };
}
