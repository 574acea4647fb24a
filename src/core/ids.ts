/**
 * A UUID v7 (RFC 9562): the first 48 bits are `now`, the Unix time in milliseconds, the rest random from `source`
 * (the loader's captured Web Crypto, or the page's; getRandomValues exists in every context, randomUUID only in
 * secure ones). Receipt and consent ids are v7 so that ids made later sort later: the ledger keeps a unique index
 * on the receipt id and one on the consent id, and random (v4) keys put every new receipt on a leaf page of its own
 * in each, which the database writes to its log and again to its file. Measured on SQLite at 10,500 receipts/s,
 * the server wrote 26.2 KiB per receipt with v4 ids and 14.2 KiB with v7 (docs/server.md). The time they hold is
 * the one the receipt states anyway: its own creation, or the first decision for a consent id.
 */
export function uuid(source: Crypto = crypto, now: number = Date.now()): string {
  const bytes = source.getRandomValues(new Uint8Array(16));
  let time = Math.max(0, Math.floor(now));
  for (let index = 5; index >= 0; index--) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
