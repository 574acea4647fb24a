import { timingSafeEqual } from 'node:crypto';
import { ERASURE_KEY_HEADER } from '../ledger/erasure-key.js';
import { sha256Sync } from './chain.js';
import { HttpError } from './http.js';
import { addDuration } from './retention.js';
import type { LedgerStorage } from './storage.js';

// A visitor's browser sends its erasure secret in this header on `DELETE /receipts/:recordId`. The consent id
// alone is no proof: page scripts read it from the cookie, and the declaration prints it.
export { ERASURE_KEY_HEADER };

/** The form of a stored erasure key hash: `sha256-<base64>` of the secret, as the browser sends it. */
export const ERASURE_KEY_HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;

// A secret the browser made: 32 random bytes in base64url; anything longer or stranger is not one.
const SECRET = /^[A-Za-z0-9_-]{16,128}$/;
// Compared when no key is stored, so a missing key costs the same time as a wrong one.
const NO_KEY = sha256Sync('');

/** The hash the ledger keeps of an erasure secret (the browser computes the same value and posts it with receipts). */
export function erasureKeyHash(secret: string): string {
  return sha256Sync(secret);
}

/** Whether `secret` is the one whose hash is `stored`, in time independent of where they differ. */
export function erasureSecretMatches(secret: string | null, stored: string | null): boolean {
  const presented = Buffer.from(secret !== null && SECRET.test(secret) ? erasureKeyHash(secret) : NO_KEY);
  const expected = Buffer.from(stored ?? NO_KEY);
  return presented.length === expected.length && timingSafeEqual(presented, expected) && stored !== null;
}

/**
 * A visitor's erasure, without the admin token: allowed only when `site` holds receipts of the consent id and
 * the request presents the secret whose hash came with them. A consent id the site does not hold (never seen,
 * another site's, already erased) is 404; held but without the right secret (none sent, a wrong one, or none
 * ever registered) is 403, and neither answer says which of those it was.
 */
export async function authorizeVisitorErasure(
  storage: LedgerStorage,
  site: string,
  recordId: string,
  secret: string | null,
): Promise<void> {
  const { receipts, keyHash } = await storage.erasureKeyOf(site, recordId);
  if (receipts === 0) throw new HttpError(404, 'no receipts of this consent id on this site');
  if (!erasureSecretMatches(secret, keyHash)) {
    throw new HttpError(
      403,
      `erasure needs the visitor's erasure key (header ${ERASURE_KEY_HEADER}) or the admin token; the key sent is missing or wrong`,
    );
  }
}

/** Schema version 3 on SQLite: one erasure key hash per (site, consent id). */
export const SQLITE_ERASURE_KEYS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS erasure_keys (
    site TEXT NOT NULL, record_id TEXT NOT NULL, key_hash TEXT NOT NULL, PRIMARY KEY (site, record_id)
  ) WITHOUT ROWID;
`;

/** Schema version 3 on PostgreSQL: one erasure key hash per (site, consent id). */
export const POSTGRES_ERASURE_KEYS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS samtykke_erasure_keys (
    site text COLLATE "C" NOT NULL, record_id text NOT NULL, key_hash text NOT NULL, PRIMARY KEY (site, record_id)
  );
`;

/** Schema version 6 on SQLite: visitors' erasures the controller keeps for a while before they are carried out. */
export const SQLITE_ERASURE_REQUESTS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS erasure_requests (
    site TEXT NOT NULL, record_id TEXT NOT NULL, requested_at TEXT NOT NULL, erase_after TEXT NOT NULL,
    PRIMARY KEY (site, record_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS erasure_requests_due ON erasure_requests (erase_after);
`;

/** Schema version 6 on PostgreSQL. */
export const POSTGRES_ERASURE_REQUESTS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS samtykke_erasure_requests (
    site text COLLATE "C" NOT NULL, record_id text NOT NULL, requested_at text NOT NULL, erase_after text NOT NULL,
    PRIMARY KEY (site, record_id)
  );
  CREATE INDEX IF NOT EXISTS samtykke_erasure_requests_due ON samtykke_erasure_requests (erase_after);
`;

/** What a visitor's erasure did, as the `DELETE` answer tells the visitor. */
export type ErasureAnswer =
  | { recordId: string; erased: number }
  | {
      recordId: string;
      erased: 0;
      /** Receipts kept, without the client address, until `retainedUntil`. */
      retained: number;
      retainedUntil: string;
      reason: string;
      /** The legal ground alone, short, for the visitor's browser to show in their language's sentence. */
      ground: string;
    };

/** The words the `DELETE` answer gives for a kept erasure: why, and on which ground. */
export const RETENTION_REASON =
  'kept, without the client address, to prove the consent and its withdrawal until the controller’s retention period ends (GDPR Art. 17(3)(b) and (e)); erased then';

/** The ground of `RETENTION_REASON` as a citation. */
export const RETENTION_GROUND = 'GDPR Art. 17(3)(b) and (e)';

/** Refuse an `erasureRetention` that is not an ISO 8601 duration, naming the option. */
export function checkRetention(duration: string): void {
  try {
    addDuration(duration, new Date(0));
  } catch (error) {
    throw new Error(`erasureRetention: ${(error as Error).message}`);
  }
}

/** Carry out an authorised visitor's erasure: at once, or kept for the controller's retention period. */
export async function visitorErasure(
  storage: LedgerStorage,
  site: string,
  recordId: string,
  now: Date,
  retention: string | undefined,
): Promise<ErasureAnswer> {
  if (retention === undefined) return { recordId, erased: await storage.erase(recordId, now.toISOString(), site) };
  const eraseAfter = addDuration(retention, now).toISOString();
  const { retained, until } = await storage.retainErasure(recordId, site, now.toISOString(), eraseAfter);
  return { recordId, erased: 0, retained, retainedUntil: until, reason: RETENTION_REASON, ground: RETENTION_GROUND };
}
