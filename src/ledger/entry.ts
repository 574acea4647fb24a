/** The ledger bundle's entry (`dist/samtykke-ledger.js`): registers `window.SamtykkeLedger` for the loader. */
export { VERSION as version } from '../core/version.js';
export { createLedger } from './index.js';
