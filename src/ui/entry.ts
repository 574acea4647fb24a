/** The UI bundle's entry (`dist/samtykke-ui.js`): registers `window.SamtykkeUI` for the loader. */
export { mountUi } from './index.js';
