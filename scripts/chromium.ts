import type { Browser } from 'playwright-core';
import { launchChromium as launch } from '../src/scan/chromium.js';

export { CHROMIUM_ARGS } from '../src/scan/chromium.js';

/** Debian's Chromium with the scanner's flags; never a downloaded browser. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return launch(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', extraArgs);
}
