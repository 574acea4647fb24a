import type { NormalizedConfig } from '../core/normalized.js';
import { withVendorDetails } from '../core/vendor-details.js';
import type { createLockRunner } from './browser.js';
import { ERASURE_KEY_PREFIX, erasureKeyFor } from './erasure-key.js';
import type { Sha256 } from './hash.js';
import { HEAD_PREFIX, type Head, type LocalEntry, NOTICE_PREFIX, RECEIPT_PREFIX } from './history.js';
import { buildReceipt, hashNotice, noticeView, type RecordInput } from './receipt.js';
import type { KeyValueStore } from './store.js';

/** Note kept on receipts when there is nowhere to send them. */
export const LOCAL_ONLY = 'kept locally: no ledger endpoint configured';

/**
 * A decision written ahead (see the loader's decision journal): its receipt id, time, page and config were
 * fixed when the visitor decided, perhaps pages ago, and are used as they were.
 */
export interface WrittenAhead {
  receiptId: string;
  at: number;
  page: { origin: string; path: string };
  config: NormalizedConfig;
}

export interface RecorderDeps {
  config: NormalizedConfig;
  store: KeyValueStore;
  now: () => number;
  randomId: () => string;
  withLock: ReturnType<typeof createLockRunner>;
  page: () => { origin: string; path: string };
  userAgent: string;
  hash: Sha256;
  /** Fills the array with random bytes (`crypto.getRandomValues`), for the erasure secret. */
  randomBytes: (length: number) => Uint8Array;
}

/**
 * Turns decision events into stored receipts. Events of one consent id are handled one after the
 * other, in this page and (with Web Locks) across tabs, so each receipt links to the one before.
 */
export function createRecorder(deps: RecorderDeps) {
  const { store } = deps;
  const chains = new Map<string, Promise<unknown>>();
  const configHashes = new Map<NormalizedConfig, Promise<string>>();

  const recordNow = async (input: RecordInput, ahead?: WrittenAhead): Promise<LocalEntry> => {
    const recordId = input.decision.consentId;
    // A decision written ahead may already be a receipt: another tab, or this page before a crash, built it.
    if (ahead) {
      const existing = await store.get<LocalEntry>(RECEIPT_PREFIX + ahead.receiptId);
      if (existing) return existing;
    }
    const config = ahead ? withVendorDetails(ahead.config) : deps.config;
    const at = ahead?.at ?? deps.now();
    // A config is frozen for the instance's life: hash it once.
    let configHash = configHashes.get(config);
    if (!configHash) {
      configHash = hashNotice(config, null, deps.hash).then((hashes) => hashes.configHash);
      configHashes.set(config, configHash);
    }
    const [{ textHash }, head, erasure] = await Promise.all([
      hashNotice(config, input.notice, deps.hash),
      store.get<Head>(HEAD_PREFIX + recordId),
      erasureKeyFor(store, recordId, deps.randomBytes, deps.hash),
    ]);
    const receipt = await buildReceipt(input, {
      config,
      now: at,
      receiptId: ahead?.receiptId ?? deps.randomId(),
      configHash: await configHash,
      textHash,
      previousHash: head?.receiptHash ?? null,
      page: ahead?.page ?? deps.page(),
      userAgent: deps.userAgent,
      hash: deps.hash,
    });
    const stored = deps.now();
    const entry: LocalEntry = {
      receipt,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: stored,
      storedAt: stored,
      position: head ? head.position + 1 : 0,
      ...(deps.config.ledger.endpoint ? {} : { lastError: LOCAL_ONLY }),
    };
    const link: Head = { receiptHash: receipt.integrity.receiptHash, position: entry.position };
    // The documents behind the notice hashes, for a ledger server that does not hold them yet (nothing to send
    // them to without an endpoint).
    const notices: Array<[string, unknown]> = deps.config.ledger.endpoint
      ? [
          [NOTICE_PREFIX + receipt.notice.configHash, { document: noticeView(config) }],
          [NOTICE_PREFIX + receipt.notice.textHash, { document: input.notice?.texts ?? null }],
        ]
      : [];
    // Stored first, and the chain head moves in the same transaction, so the chain cannot fork.
    await store.write([
      [RECEIPT_PREFIX + receipt.receiptId, entry],
      [HEAD_PREFIX + recordId, link],
      ...notices,
      ...(erasure.created ? [[ERASURE_KEY_PREFIX + recordId, erasure.key] as [string, unknown]] : []),
    ]);
    return entry;
  };

  return {
    /** Build, seal and store one receipt; rejects only if it could not be built. */
    async record(input: RecordInput, ahead?: WrittenAhead): Promise<LocalEntry> {
      const recordId = input.decision.consentId;
      const task = (chains.get(recordId) ?? Promise.resolve()).then(() =>
        deps.withLock(`samtykke-chain:${recordId}`, false, () => recordNow(input, ahead)),
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
