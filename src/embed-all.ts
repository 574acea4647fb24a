/** The one-file build (`dist/samtykke.all.js`): the loader with the UI inside, for sites that want one tag. */
import { boot } from './boot.js';
import { mountUi } from './ui/index.js';

boot(window, () => Promise.resolve(mountUi));
