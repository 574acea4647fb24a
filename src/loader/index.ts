/** The critical loader's import surface: what the script-tag entries and the one-file build start. */
export { boot, type LazyParts, loadScript, type PartLocation, readPageConfig } from './boot.js';
export { createInertInstance } from './inert-instance.js';
export { startScriptTag } from './script-tag.js';
