/** The runtime's script (`dist/samtykke-runtime.js`): registers `window.SamtykkeRuntime` for the critical loader. */
export { VERSION as version } from '../core/version.js';
export { startOnPage as start } from './page.js';
