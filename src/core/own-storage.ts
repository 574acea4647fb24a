/**
 * What samtykke itself keeps in the visitor's browser besides the decision cookie, named once: the code that
 * writes each one and the cookie declaration that lists it read the same name.
 */
/** localStorage: decisions written ahead until the ledger has stored their receipts. */
export const JOURNAL_KEY = 'samtykke:journal';
/** localStorage: a marker that receipts wait to be sent to the ledger endpoint. */
export const OUTBOX_KEY = 'samtykke:outbox';
/** IndexedDB: the database of the receipts kept in this browser (never idb-keyval's default `keyval-store`). */
export const LEDGER_DATABASE = 'samtykke';
/**
 * sessionStorage: what "Delete my data" did, kept across the reload a withdrawal causes so the visitor is told it on
 * the page that follows; removed as soon as that page reads it.
 */
export const ERASURE_REPORT_KEY = 'samtykke:erased';
