/** The UI bundle's entry (`dist/samtykke-ui.js`): registers `window.SamtykkeUI` for the loader. */
export { VERSION as version } from '../core/version.js';
export { mountUi } from './index.js';
