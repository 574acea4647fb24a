/** The critical loader's import surface: what the script-tag entries, the npm entry and the runtime start from. */
export { boot, type LazyParts, type PageParts, readPageConfig, type StartRuntime } from './boot.js';
export { createKernel, type Kernel } from './kernel.js';
export { loadScript, type PartLocation, part } from './load-part.js';
export { startScriptTag } from './script-tag.js';
export { createStub, type SamtykkeInternal, type Stub } from './stub.js';
