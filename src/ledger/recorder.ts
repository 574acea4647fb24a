import type { NormalizedConfig } from '../core/normalized.js';
import type { createLockRunner } from './browser.js';
import { HEAD_PREFIX, type Head, type LocalEntry, RECEIPT_PREFIX } from './history.js';
import { buildReceipt, hashNotice, type RecordInput } from './receipt.js';
import type { KeyValueStore } from './store.js';

/** Note kept on receipts when there is nowhere to send them. */
export const LOCAL_ONLY = 'kept locally: no ledger endpoint configured';

export interface RecorderDeps {
  config: NormalizedConfig;
  store: KeyValueStore;
  now: () => number;
  randomId: () => string;
  withLock: ReturnType<typeof createLockRunner>;
  page: () => { origin: string; path: string };
  userAgent: string;
}

/**
 * Turns decision events into stored receipts. Events of one consent id are handled one after the
 * other, in this page and (with Web Locks) across tabs, so each receipt links to the one before.
 */
export function createRecorder(deps: RecorderDeps) {
  const { config, store } = deps;
  const chains = new Map<string, Promise<unknown>>();
  let configHash: Promise<string> | undefined;

  const recordNow = async (input: RecordInput): Promise<LocalEntry> => {
    if (typeof crypto === 'undefined' || !crypto.subtle) {
      throw new Error('samtykke: receipts need Web Crypto (crypto.subtle), which browsers offer only on https pages');
    }
    const recordId = input.decision.consentId;
    const at = deps.now();
    // The config is frozen for the instance's life: hash it once.
    configHash ??= hashNotice(config, null).then((hashes) => hashes.configHash);
    const [{ textHash }, head] = await Promise.all([
      hashNotice(config, input.notice),
      store.get<Head>(HEAD_PREFIX + recordId),
    ]);
    const receipt = await buildReceipt(input, {
      config,
      now: at,
      receiptId: deps.randomId(),
      configHash: await configHash,
      textHash,
      previousHash: head?.receiptHash ?? null,
      page: deps.page(),
      userAgent: deps.userAgent,
    });
    const entry: LocalEntry = {
      receipt,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      storedAt: at,
      position: head ? head.position + 1 : 0,
      ...(config.ledger.endpoint ? {} : { lastError: LOCAL_ONLY }),
    };
    const link: Head = { receiptHash: receipt.integrity.receiptHash, position: entry.position };
    // Stored first, and the chain head moves in the same transaction, so the chain cannot fork.
    await store.write([
      [RECEIPT_PREFIX + receipt.receiptId, entry],
      [HEAD_PREFIX + recordId, link],
    ]);
    return entry;
  };

  return {
    /** Build, seal and store one receipt; rejects only if it could not be built. */
    async record(input: RecordInput): Promise<LocalEntry> {
      const recordId = input.decision.consentId;
      const task = (chains.get(recordId) ?? Promise.resolve()).then(() =>
        deps.withLock(`samtykke-chain:${recordId}`, false, () => recordNow(input)),
      );
      chains.set(
        recordId,
        task.catch(() => undefined),
      );
      return (await task).value as LocalEntry;
    },
    /** Resolves when every event handed over so far is stored. */
    settled: () => Promise.all(chains.values()),
  };
}
