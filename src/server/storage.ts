import type { AcknowledgementProof, Receipt, ReceiptAcknowledgement } from '../types.js';
import type { UnsignedAcknowledgement } from './keys.js';
import type { NoticeStorage } from './notices.js';
import type { ConsentStats, StatsQuery } from './stats.js';

/** One receipt to append to a site's chain. */
export interface AppendItem {
  receipt: Receipt;
  /** The chain it joins: the request's allow-listed origin, or the configured default. */
  site: string;
  /** The client address as configured for storage (truncated, keyed hash, or null); never the raw IP. */
  client: string | null;
  /** Hash of the visitor's erasure secret, registered for (site, recordId) if none is yet; never replaced. */
  erasureKeyHash?: string | undefined;
  /**
   * The receipt's JSON as stored, when the caller already wrote it (the handler stores the canonical form it
   * hashed): it must parse to `receipt`. Written with JSON.stringify when absent.
   */
  text?: string | undefined;
}

/** What the storage hands the sealer while it holds the site's chain lock. */
export interface ChainPosition {
  site: string;
  seq: number;
  /** Chain hash of seq − 1, or null for the first receipt of the site. */
  prev: string | null;
  receiptId: string;
  receiptHash: string;
}

/** Links receipts into their chains and signs them; synchronous, so it runs inside a storage transaction. */
export interface Sealer {
  /** The receive time and chain hash of one receipt at its position (called in chain order). */
  link(position: ChainPosition): UnsignedAcknowledgement;
  /** Sign every link of one commit group at once, in the same order. */
  sign(links: readonly UnsignedAcknowledgement[]): ReceiptAcknowledgement[];
}

/** One stored row. A tombstone (erased) keeps everything but the receipt, the consent id and the client. */
export interface StoredReceipt {
  site: string;
  seq: number;
  receiptId: string;
  /** Null on a tombstone. */
  recordId: string | null;
  receiptHash: string;
  chainHash: string;
  receivedAt: string;
  /** Null on a tombstone. */
  receipt: Receipt | null;
  client: string | null;
  acknowledgement: ReceiptAcknowledgement;
  /** ISO time of erasure, or null. */
  erasedAt: string | null;
}

/** The last link of one site's chain, kept apart from the rows so a removed tail is noticed. */
export interface ChainHead {
  site: string;
  seq: number;
  chainHash: string | null;
}

/** A page of the ledger in (site, seq) order, for export and verification. */
export interface PageQuery {
  /** Continue after this row. */
  after?: { site: string; seq: number } | undefined;
  limit: number;
  /** Inclusive lower bound on `receivedAt` (ISO). */
  from?: string | undefined;
  /** Exclusive upper bound on `receivedAt` (ISO). */
  to?: string | undefined;
}

/** Result of an append: the acknowledgement, and whether the receipt was already stored. */
export interface AppendResult {
  acknowledgement: ReceiptAcknowledgement;
  replay: boolean;
}

/**
 * An append's answer as `POST /receipts` gives it: the JSON text of its acknowledgements (the array of each
 * result's `acknowledgement`, as `JSON.stringify` writes it), and how many of its receipts were newly stored.
 */
export interface AppendAnswer {
  acknowledgements: string;
  stored: number;
}

/** The JSON text of an append's acknowledgements, as {@link AppendAnswer} holds it. */
export function acknowledgementsText(results: readonly AppendResult[]): string {
  return JSON.stringify(results.map((result) => result.acknowledgement));
}

/** The {@link AppendAnswer} of an append's results. */
export function appendAnswerOf(results: readonly AppendResult[]): AppendAnswer {
  let stored = 0;
  for (const result of results) if (!result.replay) stored++;
  return { acknowledgements: acknowledgementsText(results), stored };
}

/**
 * The one storage interface both back ends implement. `append` is atomic for the whole batch and
 * idempotent by `receiptId` (a stored receipt returns its original acknowledgement). The notice documents behind
 * the receipts' hashes are kept beside them (see notices.ts).
 */
export interface LedgerStorage extends NoticeStorage {
  readonly kind: 'sqlite' | 'postgres';
  append(items: readonly AppendItem[], seal: Sealer): Promise<AppendResult[]>;
  /**
   * `append`, answered as {@link AppendAnswer}: SQLite's writer thread writes the acknowledgements' text where it
   * signed them, so the event loop neither rebuilds them as objects from its message nor serialises them again.
   * Optional: without it the handler makes the answer of `append`'s results.
   */
  appendAnswer?(items: readonly AppendItem[], seal: Sealer): Promise<AppendAnswer>;
  /**
   * How many milliseconds a request appended now is expected to wait on account of the requests ahead of it:
   * the rest of the commit running now and the share of its own commit that the receipts queued before it take
   * (learned from the commits so far). Storages without group commit leave it out.
   */
  expectedQueueMs?(): number;
  /** How long a commit of `receipts` receipts is expected to take, learned as above (its fixed part at 0). */
  commitCostMs?(receipts: number): number;
  /** Every row (tombstones included) for a consent id, in (site, seq) order. */
  byRecord(recordId: string): Promise<StoredReceipt[]>;
  page(query: PageQuery): Promise<StoredReceipt[]>;
  heads(): Promise<ChainHead[]>;
  /** Erase one consent id's receipts (on one site, or on all) into tombstones; returns how many rows were erased. */
  erase(recordId: string, erasedAt: string, site?: string): Promise<number>;
  /**
   * A visitor's erasure the controller keeps (`erasureRetention`): the consent id's receipts on `site` lose their
   * client address now and become tombstones once `eraseAfter` (ISO) has passed. Asking again keeps the first
   * deadline. Returns how many receipts are kept, and until when.
   */
  retainErasure(
    recordId: string,
    site: string,
    requestedAt: string,
    eraseAfter: string,
  ): Promise<{ retained: number; until: string }>;
  /** Carry out every kept erasure whose deadline is at or before `now` (ISO); returns how many rows were erased. */
  eraseDue(now: string): Promise<number>;
  /** How many receipts `site` holds of a consent id, and the hash of its erasure key, if one was registered. */
  erasureKeyOf(site: string, recordId: string): Promise<{ receipts: number; keyHash: string | null }>;
  /** Retention: erase every receipt received before `cutoff` (ISO). */
  eraseReceivedBefore(cutoff: string, erasedAt: string): Promise<number>;
  /** Aggregate consent statistics, computed in SQL (see `stats.ts`). */
  stats(query?: StatsQuery): Promise<ConsentStats>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Every row in (site, seq) order, fetched a page at a time so memory stays flat. */
export async function* scanLedger(
  storage: LedgerStorage,
  range: { from?: string | undefined; to?: string | undefined } = {},
  pageSize = 500,
): AsyncGenerator<StoredReceipt> {
  let after: PageQuery['after'];
  for (;;) {
    const rows = await storage.page({ after, limit: pageSize, from: range.from, to: range.to });
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { site: last.site, seq: last.seq };
  }
}

/** Thrown when an optional database driver is not installed. */
export class MissingDriverError extends Error {
  constructor(driver: string) {
    super(`The ${driver} driver is not installed. Run: npm install ${driver}`);
    this.name = 'MissingDriverError';
  }
}

/** Thrown by `append` when a receipt id is already stored with different content; the batch is not stored. */
export class ReceiptConflictError extends Error {
  constructor(readonly receiptId: string) {
    super(`receipt ${receiptId} is already stored with different content`);
    this.name = 'ReceiptConflictError';
  }
}

/**
 * The database did not take or answer the operation (unreachable, restarting, disk full, file gone):
 * nothing was acknowledged, and the same request may succeed later. The endpoint answers 503 with
 * `Retry-After`; anything else unexpected stays a 500.
 */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/** Let a conflict pass unchanged; any other failure of a storage call becomes a {@link StorageUnavailableError}. */
export function asStorageError(error: unknown, what: string): Error {
  if (error instanceof ReceiptConflictError || error instanceof StorageUnavailableError) return error;
  const message = (error as Error)?.message ?? String(error);
  return new StorageUnavailableError(`${what}: ${message}`, { cause: error });
}

/** The stored acknowledgement for a replayed receipt, or a conflict when the content differs. */
export function replayOf(row: RowColumns, receiptHash: string): AppendResult {
  if (row.receipt_hash !== receiptHash) throw new ReceiptConflictError(row.receipt_id);
  return { acknowledgement: fromColumns(row).acknowledgement, replay: true };
}

/**
 * Load an optional peer dependency, or say exactly what to install. The caller's `import()` names the package
 * literally, so a bundler (Next.js's) can see it and keep it external instead of failing at run time.
 */
export async function loadDriver<T>(name: 'better-sqlite3' | 'pg', load: () => Promise<unknown>): Promise<T> {
  try {
    return (await load()) as T;
  } catch (error) {
    // Node's import() says ERR_MODULE_NOT_FOUND; a bundle's require() of an external package, MODULE_NOT_FOUND.
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new MissingDriverError(name);
    throw error;
  }
}

/** Row columns shared by both back ends, as stored (snake_case, JSON receipt text). */
export interface RowColumns {
  site: string;
  seq: number | string;
  receipt_id: string;
  record_id: string | null;
  receipt_hash: string;
  chain_hash: string;
  received_at: string;
  receipt: string | null;
  client: string | null;
  key_id: string;
  signature: string;
  /** The acknowledgement's Merkle proof as JSON, or null (signed alone, or a ledger from before group signing). */
  proof: string | null;
  erased_at: string | null;
}

/** Turn a stored row into a {@link StoredReceipt}. */
export function fromColumns(row: RowColumns): StoredReceipt {
  const seq = Number(row.seq);
  return {
    site: row.site,
    seq,
    receiptId: row.receipt_id,
    recordId: row.record_id,
    receiptHash: row.receipt_hash,
    chainHash: row.chain_hash,
    receivedAt: row.received_at,
    receipt: row.receipt === null ? null : (JSON.parse(row.receipt) as Receipt),
    client: row.client,
    acknowledgement: {
      receiptId: row.receipt_id,
      seq,
      receivedAt: row.received_at,
      chainHash: row.chain_hash,
      keyId: row.key_id,
      signature: row.signature,
      ...(row.proof ? { proof: JSON.parse(row.proof) as AcknowledgementProof } : {}),
    },
    erasedAt: row.erased_at,
  };
}
