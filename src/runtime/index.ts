/** The runtime's import surface: the consent instance and the lazily loaded parts it drives. */
export {
  createConsentInstance,
  type MountBanner,
  type MountUi,
  type Runtime,
  type SamtykkeInternal,
  startRuntime,
} from './create-consent.js';
export { createLazyLedger, type LazyLedger, type LoadLedger } from './lazy-ledger.js';
export { startOnPage } from './page.js';
