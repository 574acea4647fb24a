import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256 } from '../../../src/ledger/hash.js';
import { sha256Bytes } from '../../../src/ledger/sha256-fallback.js';

describe('the built-in SHA-256 for plain-http pages', () => {
  it('matches node:crypto on the FIPS test vectors and at every padding boundary', () => {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    expect(hex(sha256Bytes(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256Bytes(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    for (let length = 0; length < 200; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256Bytes(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('gives the same sha256-<base64> as Web Crypto for text with characters beyond ASCII', async () => {
    const text = `{"tittel":"Informasjonskapsler på fjordkaffe.no – ærlig og åpent 🍪"}`.repeat(40);
    expect(await createSha256(undefined)(text)).toBe(await createSha256(crypto.subtle)(text));
  });
});
