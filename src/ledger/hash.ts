import { canonicalize } from './canonical.js';

/** Prefix of every hash samtykke writes, after Subresource Integrity: `sha256-<base64>`. */
export const HASH_PREFIX = 'sha256-';

/** SHA-256 of a UTF-8 string as `sha256-<base64>`. Uses Web Crypto, so it runs in browsers and Node alike. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return HASH_PREFIX + btoa(binary);
}

/** SHA-256 of the canonical (RFC 8785) JSON form of a value. */
export function hashCanonical(value: unknown): Promise<string> {
  return sha256(canonicalize(value));
}

/** The hash a receipt carries in `integrity.receiptHash`: over the canonical receipt without that one field. */
export function computeReceiptHash(receipt: { integrity: object }): Promise<string> {
  const { receiptHash: _omitted, ...integrity } = receipt.integrity as { receiptHash?: string };
  return hashCanonical({ ...receipt, integrity });
}
