/**
 * The critical loader (`dist/samtykke.js`): put it first in <head>. It reads the config and the decision cookie,
 * queues Consent Mode's defaults and starts blocking at once; the runtime (`samtykke-runtime.js`) is requested at
 * the same moment, or, when the visitor has not decided, the first layer (`samtykke-banner.<lang>.js`), which mounts
 * itself, and the runtime once it has painted; the preferences (`samtykke-ui.<lang>.js`) and the ledger (`samtykke-ledger.js`) only when needed, all from the same
 * folder. What it exports (`window.SamtykkeLoader`) is the code the runtime file shares with it.
 */
import { startScriptTag } from './index.js';

export * from './provides.js';

startScriptTag(window);
