/**
 * What samtykke itself keeps in the visitor's browser besides the decision cookie, named once: the code that
 * writes each one and the cookie declaration that lists it read the same name.
 */
/**
 * Cookie, named after the decision cookie with this suffix (`samtykke_w`), with its path, domain, SameSite and
 * lifetime: `1` from before a decision is written ahead or a receipt queued until the journal and the outbox are both
 * empty again, then `0`. The loader reads it with the decision cookie, in the one `document.cookie` read a page makes,
 * so a page where nothing waits never reads localStorage (its first read fetches the site's whole storage area
 * synchronously). Without it (set before it existed, cookies refused) localStorage is read as before.
 */
export const WAITING_SUFFIX = '_w';
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
