/** The ledger bundle's entry (`dist/samtykke-ledger.js`): registers `window.SamtykkeLedger` for the loader. */
export { createLedger } from './index.js';
