import { timingSafeEqual } from 'node:crypto';
import { ERASURE_KEY_HEADER } from '../ledger/erasure-key.js';
import { sha256Sync } from './chain.js';
import { HttpError } from './http.js';
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
  CREATE TABLE erasure_keys (
    site TEXT NOT NULL, record_id TEXT NOT NULL, key_hash TEXT NOT NULL, PRIMARY KEY (site, record_id)
  ) WITHOUT ROWID;
`;

/** Schema version 3 on PostgreSQL: one erasure key hash per (site, consent id). */
export const POSTGRES_ERASURE_KEYS_MIGRATION = `
  CREATE TABLE samtykke_erasure_keys (
    site text COLLATE "C" NOT NULL, record_id text NOT NULL, key_hash text NOT NULL, PRIMARY KEY (site, record_id)
  );
`;
