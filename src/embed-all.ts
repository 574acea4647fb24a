/** The one-file build (`dist/samtykke.all.js`): the loader with the UI and the ledger inside, for one tag. */

import { createLedger } from './ledger/index.js';
import { boot } from './loader/index.js';
import { mountUi } from './ui/index.js';

boot(window, { ui: () => Promise.resolve(mountUi), ledger: () => Promise.resolve(createLedger) });
