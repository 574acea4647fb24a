/**
 * The one-file build (`dist/samtykke.all.js`): the loader with the runtime, the first layer, the preferences and
 * the ledger inside, for one tag.
 */
import { mountBanner } from './banner/index.js';
import { createLedger } from './ledger/index.js';
import { boot } from './loader/index.js';
import { startOnPage } from './runtime/index.js';
import { mountUi } from './ui/index.js';

boot(window, {
  runtime: { bundled: startOnPage },
  banner: () => Promise.resolve(mountBanner),
  ui: () => Promise.resolve(mountUi),
  ledger: () => Promise.resolve(createLedger),
});
