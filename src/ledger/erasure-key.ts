import type { Sha256 } from './hash.js';
import type { KeyValueStore } from './store.js';

/**
 * A consent id's erasure key: a secret made in this browser at the consent id's first receipt, kept here beside
 * the receipts (never in the cookie, never in the page), and its hash, which travels with the receipts. The
 * ledger server keeps only the hash and erases for a visitor only when the secret itself comes back, so knowing
 * the consent id (every page script can read the cookie; the declaration prints it) is not enough to erase.
 */
export interface ErasureKey {
  secret: string;
  hash: string;
}

export const ERASURE_KEY_PREFIX = 'k:';

/** The request header the secret is sent in on `DELETE {endpoint}/{recordId}`. */
export const ERASURE_KEY_HEADER = 'samtykke-erasure-key';

/** 32 random bytes as base64url: the secret. */
export function newErasureSecret(randomBytes: (length: number) => Uint8Array): string {
  let binary = '';
  for (const byte of randomBytes(32)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The stored key of a consent id, made (and returned for storing) when there is none yet. */
export async function erasureKeyFor(
  store: KeyValueStore,
  recordId: string,
  randomBytes: (length: number) => Uint8Array,
  hash: Sha256,
): Promise<{ key: ErasureKey; created: boolean }> {
  const existing = await store.get<ErasureKey>(ERASURE_KEY_PREFIX + recordId);
  if (existing) return { key: existing, created: false };
  const secret = newErasureSecret(randomBytes);
  return { key: { secret, hash: await hash(secret) }, created: true };
}

/** The key hashes of the given consent ids that this browser holds, for a delivery's `erasureKeys`. */
export async function erasureKeyHashes(
  store: KeyValueStore,
  recordIds: Iterable<string>,
): Promise<Record<string, string>> {
  const wanted = new Set(recordIds);
  const hashes: Record<string, string> = {};
  for (const [key, value] of await store.entries<ErasureKey>(ERASURE_KEY_PREFIX)) {
    const recordId = key.slice(ERASURE_KEY_PREFIX.length);
    if (wanted.has(recordId)) hashes[recordId] = value.hash;
  }
  return hashes;
}
