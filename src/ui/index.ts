export type { UiHandle, UiHost } from './contract.js';
export { mountUi } from './mount.js';
