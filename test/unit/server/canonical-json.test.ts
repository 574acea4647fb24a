import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalString } from '../../../src/ledger/canonical.js';
import { receiptHashInput } from '../../../src/ledger/hash.js';
import { canonicalJson } from '../../../src/server/canonical-json.js';
import { chainHashOf, sha256Sync } from '../../../src/server/chain.js';
import { acknowledgementPayload } from '../../../src/server/keys.js';
import { merkleLeaf, merkleLeafOfText } from '../../../src/server/merkle.js';
import { buildTestReceipt, makeConfig, makeInput } from '../ledger/fixtures.js';

// Values that exercise every branch of RFC 8785 as src/ledger/canonical.ts implements it.
const samples: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1e21,
  1e-7,
  0.1 + 0.2,
  -123.456,
  Number.MAX_SAFE_INTEGER,
  '',
  'æøå "quoted" \\ back\nline\ttab \u0000 \u001f \u2028 😀',
  [],
  {},
  [1, 'a', null, [2, [3]], { b: 1, a: 2 }],
  [undefined, 1],
  { b: 1, a: undefined, c: () => 1, d: Symbol('x') },
  { '€': 1, '\u0080': 2, a: 3, Z: 4, '': 5, '10': 6, '9': 7, aa: 8, 'a\u0000': 9 },
  { z: { y: { x: [{ w: 'v', a: [{}, []] }] } }, a: 'first' },
  { '\ud83d\ude00': 'surrogate pair key', '\ufb33': 'after it in UTF-16 order' },
];

describe('canonicalString', () => {
  it('is JSON.stringify of every code unit alone, after text, and of surrogate pairs, lone or paired', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const unit = String.fromCharCode(code);
      for (const text of [unit, `Nødvendige ${unit}`, `${unit}${unit}`]) {
        expect(canonicalString(text)).toBe(JSON.stringify(text));
      }
    }
    for (const text of ['😀', 'a😀b', '\ud83d', '\ude00x', '\ude00\ud83d', 'https://fjordkaffe.no/?a="b"', '', '\\']) {
      expect(canonicalString(text)).toBe(JSON.stringify(text));
    }
  });
});

describe('canonicalJson', () => {
  it.each(samples.map((value) => [JSON.stringify(value) ?? String(value), value]))(
    'gives the bytes src/ledger/canonical.ts gives for %s',
    (_, value) => {
      expect(canonicalJson(value)).toBe(canonicalize(value));
    },
  );

  it('refuses what has no JSON form, as the general one does', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, undefined, 1n, () => 1]) {
      expect(() => canonicalize(value)).toThrow(TypeError);
      expect(() => canonicalJson(value)).toThrow(TypeError);
    }
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(TypeError);
    expect(() => canonicalize([() => 1])).toThrow(TypeError);
    expect(() => canonicalJson([() => 1])).toThrow(TypeError);
  });

  it('gives the same bytes for the same object whatever order its keys were made in', () => {
    expect(canonicalJson({ b: 2, a: { d: 4, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 4 }, b: 2 }));
    expect(canonicalJson({ b: 2, a: { d: 4, c: 3 } })).toBe('{"a":{"c":3,"d":4},"b":2}');
  });

  it('gives a receipt, as received, the bytes its hash is computed over', async () => {
    const receipt = await buildTestReceipt(makeInput(), makeConfig());
    // As received: parsed back from JSON, keys in the order the browser wrote them.
    const received = JSON.parse(JSON.stringify(receipt));
    expect(canonicalJson(receiptHashInput(received))).toBe(canonicalize(receiptHashInput(received)));
  });
});

describe('the forms the server writes directly', () => {
  const sites = ['https://fjordkaffe.no', 'default', 'a "quoted" \\ site\n😀'];

  it('chain links: the bytes of the general canonical form', () => {
    for (const site of sites) {
      for (const prev of [null, `sha256-${'A'.repeat(43)}=`]) {
        const link = {
          prev,
          seq: 42,
          receiptHash: `sha256-${'B'.repeat(43)}=`,
          receivedAt: '2026-05-01T12:00:00.123Z',
          site,
        };
        expect(chainHashOf(link)).toBe(sha256Sync(canonicalize(link)));
      }
    }
  });

  it('acknowledgement payloads and Merkle leaves: the bytes of the general canonical form', () => {
    const ack = {
      receiptId: '0b8c4d6e-8f1a-4b2c-9d3e-5f6a7b8c9d0e',
      seq: 7,
      receivedAt: '2026-05-01T12:00:00.123Z',
      chainHash: `sha256-${'C'.repeat(43)}=`,
      keyId: 'Xy3_-abcdefghijk',
    };
    expect(acknowledgementPayload(ack).toString('utf8')).toBe(canonicalize(ack));
    const text = canonicalize(ack);
    expect(merkleLeafOfText(text).equals(merkleLeaf(Buffer.from(text, 'utf8')))).toBe(true);
    expect(merkleLeafOfText('æøå 😀').equals(merkleLeaf(Buffer.from('æøå 😀', 'utf8')))).toBe(true);
  });
});
