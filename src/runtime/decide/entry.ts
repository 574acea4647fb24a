/**
 * The decide part's script (`dist/samtykke-decide.js`): registers `window.SamtykkeDecide` for the runtime, which
 * asks for it the first time a decision is to be made or changed on the page.
 */
export { VERSION as version } from '../../core/version.js';
export { startDecide as start } from './index.js';
