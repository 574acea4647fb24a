/**
 * The script-tag loader (`dist/samtykke.js`): put it first in <head>. It reads the config and the stored
 * decision and starts blocking at once; the first layer (`samtykke-banner.<lang>.js`), the preferences
 * (`samtykke-ui.<lang>.js`) and the ledger (`samtykke-ledger.js`) are fetched from the same folder only when they
 * are needed.
 */
import { startScriptTag } from './index.js';

startScriptTag(window);
