import type { NormalizedConfig } from '../core/index.js';
import type { SamtykkeInternal } from '../runtime/index.js';

/** Methods that would show, decide or stop something: each one only says why it does nothing. */
const ACTIONS = [
  'show',
  'showPreferences',
  'hide',
  'acceptAll',
  'rejectAll',
  'accept',
  'allowService',
  'withdraw',
  'withdrawService',
] as const;
const LEDGER = ['list', 'export', 'erase', 'flush'] as const;

/**
 * What `window.Samtykke` is when the config could not be read: page code calling it keeps working and learns
 * why nothing happens. Nothing is granted or decided (the decision methods return null); every call reports the
 * config error, and the ledger's promises reject with it.
 */
export function createInertInstance(config: NormalizedConfig, error: unknown): SamtykkeInternal {
  const report = (method: string) =>
    console.error(`samtykke: ${method}() does nothing: samtykke did not start because of its config.`, error);
  const inert: Record<string, unknown> = {
    config,
    gpc: false,
    getDecision: () => null,
    isGranted: () => false,
    isServiceAllowed: () => false,
    on: () => () => {},
    destroy: () => {},
    ledger: Object.fromEntries(
      LEDGER.map((name) => [
        name,
        () => {
          report(`ledger.${name}`);
          return Promise.reject(error);
        },
      ]),
    ),
  };
  for (const name of ACTIONS)
    inert[name] = () => {
      report(name);
      return null;
    };
  return inert as unknown as SamtykkeInternal;
}
