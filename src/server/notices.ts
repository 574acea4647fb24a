import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../ledger/canonical.js';
import type { Receipt } from '../types.js';
import { sha256Sync } from './chain.js';
import { HttpError } from './http.js';

/**
 * The notices behind the receipts' hashes. A receipt names what the visitor was shown only by two hashes,
 * `notice.configHash` (the notice view of the config) and `notice.textHash` (the texts rendered). The ledger keeps
 * each document once, content-addressed: stored as the exact canonical (RFC 8785) JSON that was hashed, so anyone
 * can recompute the hash from the row, and an altered row no longer matches its key. A notice holds no personal
 * data, so erasure and retention leave notices alone.
 */

/** A notice hash as receipts carry it: `sha256-<base64>` of the canonical document. */
export const NOTICE_HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;
/** Largest canonical notice document taken, in UTF-8 bytes (a config's notice view is a few kB). */
export const MAX_NOTICE_BYTES = 65_536;
/** Documents one request may bring: each receipt names two, and a batch rarely spans more than one notice. */
export const MAX_NOTICES_PER_REQUEST = 8;

/** One stored notice document. */
export interface StoredNotice {
  hash: string;
  /** The canonical JSON text whose SHA-256 is `hash`. */
  content: string;
  /** When the ledger first took it (ISO). */
  receivedAt: string;
  /** The site whose receipt it came with first. */
  site: string;
}

/** The notice part of the storage interface; both back ends implement it. */
export interface NoticeStorage {
  /** Store documents not stored yet (a hash already held keeps its first row); returns how many were new. */
  putNotices(notices: readonly StoredNotice[]): Promise<number>;
  notice(hash: string): Promise<StoredNotice | null>;
  /** Those of `hashes` with no stored document, in the order given. */
  missingNotices(hashes: readonly string[]): Promise<string[]>;
  /** Stored notices in hash order, after `after`, at most `limit`: for `verify`. */
  noticePage(after: string | undefined, limit: number): Promise<StoredNotice[]>;
}

/** The notice hashes a receipt names. */
export function noticeHashesOf(receipt: Receipt): string[] {
  return [receipt.notice.configHash, receipt.notice.textHash];
}

/**
 * The `notices` member of a `POST /receipts` body, checked: `{ "<hash>": <document> }`, each document one the
 * receipts of the same batch name, whose canonical form hashes to its key. Returns hash → canonical text.
 * Malformed is 400, too many or too large 413, a document that does not hash to its key 422.
 */
export function parseNotices(value: unknown, receipts: readonly Receipt[]): Map<string, string> {
  const notices = new Map<string, string>();
  if (value === undefined) return notices;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'notices: expected an object of notice hash to notice document');
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_NOTICES_PER_REQUEST) {
    throw new HttpError(
      413,
      `notices: expected at most ${MAX_NOTICES_PER_REQUEST} documents per request, got ${entries.length}`,
    );
  }
  const named = new Set(receipts.flatMap(noticeHashesOf));
  for (const [hash, document] of entries) {
    const at = `notices[${JSON.stringify(hash.slice(0, 60))}]`;
    if (!NOTICE_HASH.test(hash)) throw new HttpError(400, `${at}: expected a notice hash sha256-<base64>`);
    if (!named.has(hash)) {
      throw new HttpError(400, `${at}: expected the configHash or textHash of a receipt in this batch`);
    }
    const content = canonicalize(document);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_NOTICE_BYTES) {
      throw new HttpError(413, `${at}: the document is ${bytes} bytes; the limit is ${MAX_NOTICE_BYTES}`);
    }
    const actual = sha256Sync(content);
    if (actual !== hash) {
      throw new HttpError(422, `${at}: the document hashes to ${actual}, not to its key`);
    }
    notices.set(hash, content);
  }
  return notices;
}

/**
 * The hash in a `GET /notices/:hash` path, percent-decoded; base64url (`-`, `_`, no padding) is taken too, since a
 * `/` in standard base64 must otherwise be escaped. Anything else is 400.
 */
export function noticeHashFromPath(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `path: malformed percent-encoding in ${JSON.stringify(segment.slice(0, 60))}`);
  }
  const prefix = 'sha256-';
  if (decoded.startsWith(prefix)) {
    let body = decoded.slice(prefix.length).replace(/-/g, '+').replace(/_/g, '/');
    if (body.length === 43) body += '=';
    decoded = prefix + body;
  }
  if (!NOTICE_HASH.test(decoded)) {
    throw new HttpError(
      400,
      `hash: expected sha256-<base64> (percent-encoded or base64url), got ${JSON.stringify(decoded.slice(0, 60))}`,
    );
  }
  return decoded;
}

/** A stored notice as the admin route and the CLI show it: the document itself, and where it came from. */
export function noticeAnswer(notice: StoredNotice) {
  return {
    hash: notice.hash,
    receivedAt: notice.receivedAt,
    site: notice.site,
    notice: JSON.parse(notice.content) as unknown,
  };
}

/** Whether a stored notice still hashes to its key; an altered row does not. */
export function noticeHolds(notice: StoredNotice): boolean {
  return sha256Sync(notice.content) === notice.hash;
}

/**
 * Hashes known to be stored, remembered by one handler so a ledger in steady state asks the database only for
 * notices it has not seen yet; and hashes the database lacked when last asked, for `missingForMs`, so browsers
 * that never send a document (an older release, or a client that ignores `noticesWanted`) cost one query per
 * hash and period rather than one per request. Within that period a document another process stored is asked
 * for once more, which costs the browser a resend that stores nothing. Bounded; forgetting only costs a query.
 */
export function createKnownNotices(limit = 1000, missingForMs = 1000, clock: () => number = () => performance.now()) {
  const known = new Set<string>();
  const missing = new Map<string, number>();
  return {
    has: (hash: string) => known.has(hash),
    add(hash: string) {
      if (known.size >= limit) known.clear();
      known.add(hash);
      missing.delete(hash);
    },
    /** Whether the database lacked this hash when asked less than `missingForMs` ago. */
    lacking(hash: string): boolean {
      const until = missing.get(hash);
      if (until === undefined) return false;
      if (clock() < until) return true;
      missing.delete(hash);
      return false;
    },
    lacks(hash: string) {
      if (missing.size >= limit) missing.clear();
      missing.set(hash, clock() + missingForMs);
    },
  };
}

/** Schema version 8 on SQLite: one row per notice document, keyed by its hash. */
export const SQLITE_NOTICES_MIGRATION = `
  CREATE TABLE IF NOT EXISTS notices (
    hash TEXT PRIMARY KEY, content TEXT NOT NULL, received_at TEXT NOT NULL, site TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/** Schema version 8 on PostgreSQL. */
export const POSTGRES_NOTICES_MIGRATION = `
  CREATE TABLE IF NOT EXISTS samtykke_notices (
    hash text COLLATE "C" PRIMARY KEY, content text NOT NULL, received_at text NOT NULL, site text NOT NULL
  );
`;

/** The schema version that added the notices table: a read-only copy of an older ledger simply holds none. */
export const NOTICES_SCHEMA_VERSION = 8;

interface NoticeRow {
  hash: string;
  content: string;
  received_at: string;
  site: string;
}

const fromRow = (row: NoticeRow): StoredNotice => ({
  hash: row.hash,
  content: row.content,
  receivedAt: row.received_at,
  site: row.site,
});

/** The notice storage on a SQLite ledger of schema `version`; `guard` reports database failures. */
export function sqliteNotices(
  db: BetterSqlite3.Database,
  version: number,
  guard: <T>(work: () => T) => T,
): NoticeStorage {
  if (version < NOTICES_SCHEMA_VERSION) return emptyNotices();
  const put = db.prepare(
    'INSERT INTO notices (hash, content, received_at, site) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING',
  );
  const one = db.prepare<[string], NoticeRow>('SELECT hash, content, received_at, site FROM notices WHERE hash = ?');
  const putAll = db.transaction((notices: readonly StoredNotice[]) => {
    let added = 0;
    for (const notice of notices) added += put.run(notice.hash, notice.content, notice.receivedAt, notice.site).changes;
    return added;
  });
  return {
    async putNotices(notices) {
      return guard(() => (notices.length === 0 ? 0 : putAll.immediate(notices)));
    },
    async notice(hash) {
      const row = guard(() => one.get(hash));
      return row ? fromRow(row) : null;
    },
    async missingNotices(hashes) {
      if (hashes.length === 0) return [];
      const held = guard(() =>
        db
          .prepare<string[], { hash: string }>(
            `SELECT hash FROM notices WHERE hash IN (${hashes.map(() => '?').join(', ')})`,
          )
          .all(...hashes),
      );
      const stored = new Set(held.map((row) => row.hash));
      return hashes.filter((hash) => !stored.has(hash));
    },
    async noticePage(after, limit) {
      const rows = guard(() =>
        db
          .prepare<[string, number], NoticeRow>(
            'SELECT hash, content, received_at, site FROM notices WHERE hash > ? ORDER BY hash LIMIT ?',
          )
          .all(after ?? '', limit),
      );
      return rows.map(fromRow);
    },
  };
}

/** The notice storage on a PostgreSQL ledger of schema `version`, through the storage's guarded `query`. */
export function postgresNotices(
  query: <Row extends object>(text: string, params?: unknown[]) => Promise<Row[]>,
  version: number,
): NoticeStorage {
  if (version < NOTICES_SCHEMA_VERSION) return emptyNotices();
  return {
    async putNotices(notices) {
      if (notices.length === 0) return 0;
      const rows = await query<{ hash: string }>(
        `INSERT INTO samtykke_notices (hash, content, received_at, site)
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
          ON CONFLICT (hash) DO NOTHING RETURNING hash`,
        [
          notices.map((notice) => notice.hash),
          notices.map((notice) => notice.content),
          notices.map((notice) => notice.receivedAt),
          notices.map((notice) => notice.site),
        ],
      );
      return rows.length;
    },
    async notice(hash) {
      const rows = await query<NoticeRow>(
        'SELECT hash, content, received_at, site FROM samtykke_notices WHERE hash = $1',
        [hash],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async missingNotices(hashes) {
      if (hashes.length === 0) return [];
      const held = await query<{ hash: string }>('SELECT hash FROM samtykke_notices WHERE hash = ANY($1)', [
        [...hashes],
      ]);
      const stored = new Set(held.map((row) => row.hash));
      return hashes.filter((hash) => !stored.has(hash));
    },
    async noticePage(after, limit) {
      const rows = await query<NoticeRow>(
        'SELECT hash, content, received_at, site FROM samtykke_notices WHERE hash > $1 ORDER BY hash LIMIT $2',
        [after ?? '', limit],
      );
      return rows.map(fromRow);
    },
  };
}

/** A ledger from before notices were kept, opened read-only: it holds none, and takes none. */
function emptyNotices(): NoticeStorage {
  return {
    putNotices: async () => {
      throw new Error('this ledger has no notices table (schema version before 8)');
    },
    notice: async () => null,
    missingNotices: async (hashes) => [...hashes],
    noticePage: async () => [],
  };
}

/** Every stored notice, a page at a time. */
export async function* scanNotices(storage: NoticeStorage, pageSize = 200): AsyncGenerator<StoredNotice> {
  let after: string | undefined;
  for (;;) {
    const rows = await storage.noticePage(after, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = last.hash;
  }
}

/** The notice hashes a batch's receipts name, each once. */
export function namedNotices(receipts: readonly Receipt[]): string[] {
  // A loop rather than flatMap, which cost about 2 % of the event loop's time under load.
  const named = new Set<string>();
  for (const receipt of receipts) for (const hash of noticeHashesOf(receipt)) named.add(hash);
  return [...named];
}

/**
 * After a batch is stored: keep the documents it brought, and name the notices its receipts reference (`hashes`,
 * from {@link namedNotices}) that the ledger still lacks (`noticesWanted` in the answer), so the browser sends them
 * once; later batches naming the same hashes are answered from `known` without a query.
 */
export async function keepNotices(
  storage: NoticeStorage,
  known: ReturnType<typeof createKnownNotices>,
  hashes: readonly string[],
  documents: ReadonlyMap<string, string>,
  site: string,
  receivedAt: string,
): Promise<string[]> {
  if (documents.size > 0) {
    await storage.putNotices([...documents].map(([hash, content]) => ({ hash, content, receivedAt, site })));
    for (const hash of documents.keys()) known.add(hash);
  }
  const named = hashes.filter((hash) => !known.has(hash));
  if (named.length === 0) return [];
  const lackingBefore = new Set(named.filter((hash) => known.lacking(hash)));
  const asked = named.filter((hash) => !lackingBefore.has(hash));
  const missing = new Set(asked.length > 0 ? await storage.missingNotices(asked) : []);
  for (const hash of asked) {
    if (missing.has(hash)) known.lacks(hash);
    else known.add(hash);
  }
  return named.filter((hash) => lackingBefore.has(hash) || missing.has(hash));
}
