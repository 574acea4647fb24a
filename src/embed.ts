/**
 * The script-tag loader (`dist/samtykke.js`): put it first in <head>. It reads the config and the stored
 * decision, starts blocking at once, and fetches the UI (`samtykke-ui.js`) only when something must be shown.
 */
import { boot, loadScript } from './boot.js';
import type { MountUi } from './create-consent.js';

declare global {
  interface Window {
    SamtykkeUI?: { mountUi: MountUi };
  }
}

boot(window, async ({ uiSrc, nonce }) => {
  if (!window.SamtykkeUI) {
    if (!uiSrc) throw new Error('samtykke: cannot tell where samtykke-ui.js is; set config.ui.src');
    await loadScript(document, uiSrc, nonce);
  }
  const ui = window.SamtykkeUI;
  if (!ui) throw new Error(`samtykke: ${uiSrc} did not provide the UI`);
  return ui.mountUi;
});
