import { describe, expect, it } from 'vitest';
import { type PlanItem, planItemOf } from '../../src/server/append-plan.js';
import { decodeAppends, encodeAppend, receiptsIn } from '../../src/server/writer-message.js';
import { makeReceipts } from './fixtures.js';

// What the event loop posts to the SQLite writer thread (src/server/writer-message.ts): every field of every
// receipt comes back as it was sent, whatever characters it holds, and requests keep their order and bounds.

const SITE = 'https://fjordkaffe.no';

function item(overrides: Partial<PlanItem> = {}): PlanItem {
  return {
    site: SITE,
    client: '192.0.2.0',
    erasureKeyHash: 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    receiptId: '2f1b8f5e-2c7a-4e59-9a1b-1d0c4c1e7a10',
    recordId: '8d3c1a2b-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    receiptHash: 'sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=',
    text: '{"receiptId":"2f1b8f5e-2c7a-4e59-9a1b-1d0c4c1e7a10"}',
    facts: {
      decision: ['given', 'accept-all', 1, 'nb', 7, '2026-01', 0],
      categories: [
        ['analytics', 1],
        ['marketing', 0],
      ],
    },
    ...overrides,
  };
}

const roundTrip = (requests: Array<{ id: number; key: number; items: PlanItem[] }>) =>
  decodeAppends(requests.map(({ id, key, items }) => encodeAppend(id, key, items)).join(''));

describe('the writer thread message', () => {
  it('gives back the requests and receipts of real fixture batches, in order', async () => {
    const receipts = await makeReceipts(7);
    const items = receipts.map((receipt, index) =>
      planItemOf({
        receipt,
        site: SITE,
        client: index % 2 ? null : '198.51.100.0',
        erasureKeyHash: index === 3 ? item().erasureKeyHash : undefined,
      }),
    );
    const requests = [
      { id: 1, key: 1, items: items.slice(0, 3) },
      { id: 2, key: 2, items: items.slice(3, 4) },
      { id: 40_000, key: 1, items: items.slice(4) },
    ];
    expect(roundTrip(requests)).toEqual(requests);
    // What a timing tool reads from an encoded request's head alone.
    expect(requests.map(({ id, key, items }) => receiptsIn(encodeAppend(id, key, items)))).toEqual([3, 1, 3]);
  });

  it('keeps null and absent fields apart from every string, the empty one too', () => {
    const items = [
      item({ client: null, erasureKeyHash: undefined, facts: null }),
      item({ client: '', erasureKeyHash: '', site: '', text: '' }),
      item({ facts: { decision: ['expired', 'api', 0, '', 0, '', 1], categories: [] } }),
    ];
    const [decoded] = roundTrip([{ id: 9, key: 3, items }]);
    expect(decoded?.items).toEqual(items);
    expect(decoded?.items[0]?.client).toBeNull();
    expect(decoded?.items[0]?.erasureKeyHash).toBeUndefined();
    expect(decoded?.items[1]?.client).toBe('');
    expect(decoded?.items[1]?.erasureKeyHash).toBe('');
  });

  it('carries fields that hold the separator or start with its marks, and any other character', () => {
    const hostile = ['\u0000', 'a\u0000b', '\u0001', '\u0001"x"', '\u0002', '\u0002\u0000', 'æøå 🍪 \u2028', '"\\'];
    for (const value of hostile) {
      const items = [
        item({
          site: value,
          client: value,
          text: value,
          receiptId: value,
          facts: { decision: ['given', value, 2, value, 1, value, 1], categories: [[value, 1]] },
        }),
        item(),
      ];
      expect(roundTrip([{ id: 1, key: 1, items }])[0]?.items).toEqual(items);
    }
  });

  it('keeps numbers as numbers, and a request with no receipts', () => {
    const items = [
      item({ facts: { decision: ['given', 'api', 2, 'en', Number.MAX_SAFE_INTEGER, 'v', 1], categories: [] } }),
    ];
    const decoded = roundTrip([
      { id: 5, key: 1, items: [] },
      { id: 6, key: 1, items },
    ]);
    expect(decoded).toEqual([
      { id: 5, key: 1, items: [] },
      { id: 6, key: 1, items },
    ]);
    expect(typeof decoded[1]?.items[0]?.facts?.decision[4]).toBe('number');
  });

  it('refuses a message cut short instead of making up receipts', () => {
    const whole = encodeAppend(1, 1, [item(), item()]);
    expect(() => decodeAppends(whole.slice(0, whole.length - 40))).toThrow(/truncated/);
  });
});
