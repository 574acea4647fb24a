import { hash } from 'node:crypto';
import { receiptHashInput } from '../ledger/hash.js';
import { canonicalReceiptTexts } from '../ledger/validate.js';
import type { Receipt } from '../types.js';
import { canonicalJson } from './canonical-json.js';
import { type SigningKey, signAcknowledgements } from './keys.js';
import type { Sealer } from './storage.js';

/** The fields one chain link hashes. */
export interface ChainLinkInput {
  prev: string | null;
  seq: number;
  receiptHash: string;
  receivedAt: string;
  site: string;
}

/** `sha256-<base64>` of a UTF-8 string, synchronously (node:crypto), same form as ledger/hash.ts. */
export function sha256Sync(text: string): string {
  return `sha256-${hash('sha256', text, 'base64')}`;
}

/**
 * A receipt's hash, synchronously: the same value as ledger/hash.ts `computeReceiptHash`, without a
 * WebCrypto round trip per receipt on the server's hot path.
 */
export function receiptHashSync(receipt: { integrity: object }): string {
  return sha256Sync(canonicalJson(receiptHashInput(receipt)));
}

/**
 * A receipt that `validateReceipt` accepted: its hash (the same value as {@link receiptHashSync}) and its canonical
 * JSON, the text the ledger stores, both from one text written from the validator's rules (see
 * `canonicalReceiptTexts`). Never for a receipt read back from storage, which only the general form checks faithfully.
 */
export function validReceiptDigest(receipt: Receipt): { hash: string; text: string } {
  const texts = canonicalReceiptTexts(receipt);
  return { hash: sha256Sync(texts.hashInput), text: texts.receipt };
}

/**
 * `chainHash = sha256(canonical({ prev, seq, receiptHash, receivedAt, site }))`, the canonical form written
 * directly (its keys in canonical order; the same bytes as canonicalJson, checked in the tests).
 */
export function chainHashOf(link: ChainLinkInput): string {
  const { prev, seq, receiptHash, receivedAt, site } = link;
  // A member without a JSON form is left out of the general form; such a link (a damaged row) takes that path.
  if (
    prev === undefined ||
    seq === undefined ||
    receiptHash === undefined ||
    receivedAt === undefined ||
    site === undefined
  )
    return sha256Sync(canonicalJson({ prev, seq, receiptHash, receivedAt, site }));
  return sha256Sync(
    `{"prev":${canonicalJson(prev)},"receiptHash":${canonicalJson(receiptHash)},` +
      `"receivedAt":${canonicalJson(receivedAt)},"seq":${canonicalJson(seq)},"site":${canonicalJson(site)}}`,
  );
}

// The key of each sealer createSealer made with the system clock: a writer thread can make the same sealer there.
const portable = new WeakMap<Sealer, SigningKey>();

/**
 * A sealer that stamps the receive time, links each receipt into its site's chain, and signs each
 * commit group's acknowledgements with one signature (see `signAcknowledgements`). `now` defaults to
 * the system clock.
 */
export function createSealer(key: SigningKey, now?: () => Date): Sealer {
  const clock = now ?? (() => new Date());
  const sealer: Sealer = {
    link(position) {
      const receivedAt = clock().toISOString();
      const chainHash = chainHashOf({ ...position, receivedAt });
      return { receiptId: position.receiptId, seq: position.seq, receivedAt, chainHash, keyId: key.keyId };
    },
    sign: (links) => signAcknowledgements(key, links),
  };
  if (!now) portable.set(sealer, key);
  return sealer;
}

/**
 * The key of a sealer that `createSealer(key)` made with the system clock, so that the same sealer can be
 * made on another thread; undefined for any other sealer (another clock, or one of the caller's own).
 */
export function portableSealerKey(sealer: Sealer): SigningKey | undefined {
  return portable.get(sealer);
}
