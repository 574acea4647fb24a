/** The runtime's import surface: the consent instance and the lazily loaded parts it drives. */
import type { StartRuntime } from '../loader/index.js';
import { startDecide } from './decide/index.js';
import { startPage } from './page.js';

export { createConsentInstance, type MountBanner, type MountUi, type SamtykkeInternal } from './create-consent.js';
export { type DecidePart, type Decider, type RuntimeCore, startDecide } from './decide/index.js';
export { createLazyLedger, type LazyLedger, type LoadLedger } from './lazy-ledger.js';
export { type DecideSource, narrows, type Runtime, startRuntime } from './start-runtime.js';

/** The runtime's start with the decide part in the same bundle (the one-file build). */
export const startOnPage: StartRuntime = (kernel, parts, stub) =>
  startPage(kernel, parts, stub, { bundled: startDecide });
