import { normalizeConfig } from '../core/index.js';
import { createKernel, type SamtykkeInternal } from '../loader/index.js';
import type { SamtykkeConfig } from '../types.js';
import { startDecide } from './decide/index.js';
import { type Runtime, startRuntime } from './start-runtime.js';

export type { SamtykkeInternal } from '../loader/index.js';
export type { MountBanner, MountUi } from './lazy-ui.js';
export type { DecideSource, Runtime } from './start-runtime.js';

/**
 * Creates an instance in one go, as the npm entry does: the config checked in full, then the critical loader's
 * part (cookie, Consent Mode defaults, blocker) and the runtime on top. Several instances can coexist (tests);
 * nothing happens at import time.
 * @throws ConfigError when the config is wrong.
 */
export function createConsentInstance(input: SamtykkeConfig | undefined, runtime: Runtime = {}): SamtykkeInternal {
  const config = normalizeConfig(input);
  const doc = runtime.document ?? document;
  const win = runtime.window ?? (doc.defaultView as Window & typeof globalThis);
  const kernel = createKernel(config, doc, win, runtime.now);
  kernel.start();
  const instance = startRuntime(kernel, { decide: { bundled: startDecide }, ...runtime });
  kernel.flush();
  return instance;
}
