import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { Harness } from './harness.js';

/**
 * What the React tests in Chromium share (framework-embed, framework-hydration): a client script bundled with
 * production React, the errors React and the window report, and a re-render the page's observer has seen.
 */

/**
 * Client code to put before the root is made: `window.__errors` collects window errors and every error React
 * reports; `rootOptions` is what `createRoot`/`hydrateRoot` take for that.
 */
export const COLLECT_ERRORS = `
const errors = (window.__errors = []);
window.addEventListener('error', (e) => errors.push('window ' + e.message));
const rootOptions = {
  onUncaughtError: (e) => errors.push('uncaught ' + e.message),
  onCaughtError: (e) => errors.push('caught ' + e.message),
  onRecoverableError: (e) => errors.push('recoverable ' + e.message),
};
`;

/** Bundles `source` (imports resolved from the repository root) with production React and serves it at `path`. */
export async function serveReactClient(harness: Harness, path: string, source: string): Promise<void> {
  const bundle = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  harness.route('GET', path, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  });
}

/** Calls the page's `window.render(show)`; React commits within the next task, the observer in a microtask after. */
export async function renderApp(page: Page, show: boolean): Promise<void> {
  await page.evaluate((s) => (window as unknown as { render(show: boolean): void }).render(s), show);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

/** What `COLLECT_ERRORS` collected on the page. */
export const reactErrors = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
