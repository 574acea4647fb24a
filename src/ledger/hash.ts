import { canonicalize } from './canonical.js';
import { sha256Bytes } from './sha256-fallback.js';

/** Prefix of every hash samtykke writes, after Subresource Integrity: `sha256-<base64>`. */
export const HASH_PREFIX = 'sha256-';

/** SHA-256 of a UTF-8 string as `sha256-<base64>`. */
export type Sha256 = (text: string) => Promise<string>;

/**
 * SHA-256 through the given Web Crypto, or through the built-in implementation where there is none (plain-http
 * pages have no `crypto.subtle`). Both give the same bytes; only the speed differs.
 */
export function createSha256(subtle: SubtleCrypto | undefined): Sha256 {
  return async (text) => {
    const bytes = new TextEncoder().encode(text);
    const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256Bytes(bytes);
    let binary = '';
    for (const byte of digest) binary += String.fromCharCode(byte);
    return HASH_PREFIX + btoa(binary);
  };
}

/** SHA-256 with the current global Web Crypto (browsers on https, Node), else the built-in one. */
export const sha256: Sha256 = (text) => createSha256(globalThis.crypto?.subtle)(text);

/** SHA-256 of the canonical (RFC 8785) JSON form of a value. */
export function hashCanonical(value: unknown, hash: Sha256 = sha256): Promise<string> {
  return hash(canonicalize(value));
}

/** What `integrity.receiptHash` covers: the receipt without that one field. */
export function receiptHashInput(receipt: { integrity: object }): object {
  const { receiptHash: _omitted, ...integrity } = receipt.integrity as { receiptHash?: string };
  return { ...receipt, integrity };
}

/** The hash a receipt carries in `integrity.receiptHash`: over the canonical receipt without that one field. */
export function computeReceiptHash(receipt: { integrity: object }, hash: Sha256 = sha256): Promise<string> {
  return hashCanonical(receiptHashInput(receipt), hash);
}
