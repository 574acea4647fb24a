/**
 * The runtime's script (`dist/samtykke-runtime.js`): registers `window.SamtykkeRuntime` for the critical loader.
 * The decide part (`samtykke-decide.js`) is fetched when it is first needed; what it shares with this file it
 * reads from `window.SamtykkeRuntime` (`provides.ts`).
 */
import type { StartRuntime } from '../loader/index.js';
import { startPage } from './page.js';

export { VERSION as version } from '../core/version.js';
export * from './provides.js';

export const start: StartRuntime = (kernel, parts, stub) =>
  startPage(kernel, parts, stub, {
    load:
      parts.loadDecide ?? (() => Promise.reject(new Error('samtykke: this loader cannot fetch samtykke-decide.js'))),
  });
