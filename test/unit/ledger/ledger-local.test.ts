import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeReceiptHash, sha256 } from '../../../src/ledger/hash.js';
import { LOCAL_ONLY } from '../../../src/ledger/index.js';
import type { Receipt } from '../../../src/types.js';
import { CONSENT_ID, makeDecision, makeInput, receiptProblems } from './fixtures.js';
import { ENDPOINT, setup } from './harness.js';

let stopAll: () => void = () => undefined;
afterEach(() => {
  stopAll();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function use(options: Parameters<typeof setup>[0] = {}) {
  const env = setup(options);
  stopAll = env.stopAll;
  return env;
}

const OTHER_ID = '11111111-2222-4333-8444-555555555555';

describe('local ledger', () => {
  it('stores each receipt first, as pending, before any delivery answers', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'hang' });
    const ledger = env.open();
    const receipt = (await ledger.record(makeInput())) as Receipt;
    const [stored] = await ledger.list();
    expect(stored).toEqual({ receipt, status: 'pending', attempts: 0, nextAttemptAt: env.clock.now });
    expect(receiptProblems(receipt)).toEqual([]);
    expect(env.log.of('receipt')).toEqual([{ receipt }]);
  });

  it('chains receipts per consent id even when decisions come at once', async () => {
    const env = use();
    const ledger = env.open();
    const inputs = [
      makeInput(),
      makeInput({ state: 'updated', action: 'accept-all', layer: 1 }),
      makeInput({ decision: makeDecision([], { consentId: OTHER_ID }), state: 'refused' }),
      makeInput({ state: 'withdrawn', action: 'withdraw' }),
      makeInput({ decision: makeDecision(['marketing'], { consentId: OTHER_ID }), state: 'updated' }),
    ];
    const receipts = (await Promise.all(inputs.map((input) => ledger.record(input)))) as Receipt[];
    const mine = receipts.filter((receipt) => receipt.recordId === CONSENT_ID);
    const other = receipts.filter((receipt) => receipt.recordId === OTHER_ID);
    for (const chain of [mine, other]) {
      expect(chain[0]?.integrity.previousHash).toBeNull();
      for (let index = 1; index < chain.length; index++) {
        expect(chain[index]?.integrity.previousHash).toBe(chain[index - 1]?.integrity.receiptHash);
      }
      for (const receipt of chain) expect(receipt.integrity.receiptHash).toBe(await computeReceiptHash(receipt));
    }
    expect(mine.map((receipt) => receipt.event.state)).toEqual(['given', 'updated', 'withdrawn']);
  });

  it('continues the chain on a later page load', async () => {
    const env = use();
    const first = (await env.open().record(makeInput())) as Receipt;
    const second = (await env.open().record(makeInput({ state: 'updated' }))) as Receipt;
    expect(second.integrity.previousHash).toBe(first.integrity.receiptHash);
  });

  it('bounds the history: evicts the oldest delivered first, never a pending one', async () => {
    const env = use({ historyLimit: 3 });
    const ledger = env.open();
    const delivered: Receipt[] = [];
    for (let index = 0; index < 2; index++) {
      env.clock.now += 1000;
      delivered.push((await ledger.record(makeInput({ state: 'updated' }))) as Receipt);
      await ledger.flush();
    }
    expect((await ledger.list()).map((item) => item.status)).toEqual(['delivered', 'delivered']);
    env.endpoint.setMode({ kind: 'status', status: 503 });
    const pending: Receipt[] = [];
    for (let index = 0; index < 3; index++) {
      env.clock.now += 1000;
      pending.push((await ledger.record(makeInput({ state: 'updated' }))) as Receipt);
      await ledger.flush();
    }
    const ids = (await ledger.list()).map((item) => item.receipt.receiptId);
    // Five receipts, limit three: both delivered ones go, oldest first; all three pending stay.
    expect(ids).toEqual(pending.map((receipt) => receipt.receiptId));
    env.clock.now += 1000;
    pending.push((await ledger.record(makeInput({ state: 'updated' }))) as Receipt);
    await ledger.flush();
    expect((await ledger.list()).map((item) => item.receipt.receiptId)).toEqual(pending.map((r) => r.receiptId));
    env.endpoint.setMode({ kind: 'ok' });
    await ledger.flush();
    const after = await ledger.list();
    expect(after.map((item) => item.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(after.map((item) => item.receipt.receiptId)).toEqual(pending.slice(1).map((r) => r.receiptId));
  });

  it('evicts rejected receipts like delivered ones, oldest first', async () => {
    const env = use({ historyLimit: 2 });
    const ledger = env.open();
    env.endpoint.setMode({ kind: 'status', status: 422 });
    const rejected = (await ledger.record(makeInput())) as Receipt;
    await ledger.flush();
    env.endpoint.setMode({ kind: 'ok' });
    const kept: Receipt[] = [];
    for (let index = 0; index < 2; index++) {
      env.clock.now += 1000;
      kept.push((await ledger.record(makeInput({ state: 'updated' }))) as Receipt);
      await ledger.flush();
    }
    const stored = await ledger.list();
    expect(stored.map((item) => item.receipt.receiptId)).toEqual(kept.map((receipt) => receipt.receiptId));
    expect(stored.some((item) => item.receipt.receiptId === rejected.receiptId)).toBe(false);
  });

  it('keeps receipts local with a note when no endpoint is configured, still bounded', async () => {
    const env = use({ endpoint: null, historyLimit: 2 });
    const ledger = env.open();
    for (let index = 0; index < 3; index++) {
      env.clock.now += 1000;
      await ledger.record(makeInput({ state: index ? 'updated' : 'given' }));
    }
    await ledger.flush();
    const stored = await ledger.list();
    expect(stored).toHaveLength(2);
    expect(stored.map((item) => [item.status, item.lastError])).toEqual([
      ['pending', LOCAL_ONLY],
      ['pending', LOCAL_ONLY],
    ]);
    expect(stored.map((item) => item.receipt.event.state)).toEqual(['updated', 'updated']);
    expect(env.endpoint.requests).toEqual([]);
  });

  it('exports the history as pretty JSON', async () => {
    const env = use();
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    const text = await ledger.export();
    expect(text).toContain('\n  "exportedAt"');
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ exportedAt: new Date(env.clock.now).toISOString(), recordId: CONSENT_ID });
    expect(parsed.receipts).toHaveLength(1);
    expect(parsed.receipts[0]).toMatchObject({ status: 'delivered', acknowledgement: { signature: 'sig-1' } });
  });

  it('erases local data, the decision and the server copy', async () => {
    const env = use();
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.record(makeInput({ decision: makeDecision([], { consentId: OTHER_ID }), state: 'refused' }));
    await ledger.flush();
    await ledger.erase();
    expect(await ledger.list()).toEqual([]);
    expect(env.cleared()).toBe(1);
    expect(env.endpoint.erased.sort()).toEqual([CONSENT_ID, OTHER_ID].sort());
    const deletes = env.endpoint.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => request.url)).toContain(`${ENDPOINT}/${CONSENT_ID}`);
    // A new decision after erasure starts a fresh chain.
    const fresh = (await ledger.record(makeInput())) as Receipt;
    expect(fresh.integrity.previousHash).toBeNull();
  });

  it('proves an erasure with a secret made here: its hash goes with the receipts, the secret only with the DELETE', async () => {
    const env = use();
    const ledger = env.open();
    const first = (await ledger.record(makeInput())) as Receipt;
    await ledger.record(makeInput({ state: 'updated', action: 'reject-all' }));
    await ledger.record(makeInput({ decision: makeDecision([], { consentId: OTHER_ID }), state: 'refused' }));
    await ledger.flush();
    const posts = env.endpoint.requests.filter((request) => request.method === 'POST');
    const keys = Object.assign({}, ...posts.map((post) => post.erasureKeys)) as Record<string, string>;
    expect(Object.keys(keys).sort()).toEqual([CONSENT_ID, OTHER_ID].sort());
    // One key per consent id, kept across receipts and pages.
    const later = env.open();
    await later.record(makeInput({ state: 'updated', action: 'accept-all' }));
    await later.flush();
    const last = env.endpoint.requests.filter((request) => request.method === 'POST').at(-1);
    expect(last?.erasureKeys).toEqual({ [CONSENT_ID]: keys[CONSENT_ID] });
    // Nothing the visitor or a page script gets from the ledger API holds the secret.
    const exported = await ledger.export();
    expect(exported).not.toMatch(/"secret"/);
    await ledger.erase();
    const deletes = env.endpoint.requests.filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(2);
    for (const request of deletes) {
      const recordId = request.url.slice(ENDPOINT.length + 1);
      const secret = request.headers['samtykke-erasure-key'] as string;
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await sha256(secret)).toBe(keys[recordId]);
      expect(exported).not.toContain(secret);
      expect(JSON.stringify(posts)).not.toContain(secret);
      expect(secret).not.toContain(recordId);
    }
    expect(first.recordId).toBe(CONSENT_ID);
  });

  it('gives up an erasure the endpoint refuses with 403 and a reason, and reports it', async () => {
    const env = use();
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    env.endpoint.setMode({
      kind: 'status',
      status: 403,
      body: JSON.stringify({ error: 'erasure key missing or wrong' }),
    });
    await ledger.erase();
    expect(env.log.of('deliveryFailed')).toContainEqual({
      receiptIds: [],
      reason: 'erasure: HTTP 403: erasure key missing or wrong',
      final: true,
    });
    env.endpoint.setMode({ kind: 'ok' });
    await ledger.flush();
    expect(env.endpoint.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it('queues an erasure that fails and retries it until the endpoint has it', async () => {
    const env = use();
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    env.endpoint.setMode({ kind: 'refuse' });
    await ledger.erase();
    expect(env.cleared()).toBe(1);
    expect(await ledger.list()).toEqual([]);
    expect(env.endpoint.erased).toEqual([]);
    // A later page load still knows about the erasure.
    env.endpoint.setMode({ kind: 'ok' });
    await env.open().flush();
    expect(env.endpoint.erased).toEqual([CONSENT_ID]);
    await ledger.flush();
    expect(env.endpoint.erased).toEqual([CONSENT_ID]);
  });
});

describe('on an insecure page', () => {
  it('hashes with the built-in SHA-256, to the same receipt hash Web Crypto gives, and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = use();
    const ledger = env.open({ crypto: { getRandomValues: (bytes: Uint8Array) => bytes } as unknown as Crypto });
    const receipt = (await ledger.record(makeInput())) as Receipt;
    expect(receipt.integrity.receiptHash).toBe(await computeReceiptHash(receipt));
    expect(receiptProblems(receipt)).toEqual([]);
    expect(env.log.of('error')).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('https');
  });
});

describe('without IndexedDB', () => {
  it('keeps receipts in memory, sends them at once and explains the degradation once', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const env = use();
    const ledger = env.open();
    const first = (await ledger.record(makeInput())) as Receipt;
    const second = (await ledger.record(makeInput({ state: 'updated' }))) as Receipt;
    await ledger.flush();
    expect(second.integrity.previousHash).toBe(first.integrity.receiptHash);
    expect((await ledger.list()).map((item) => item.status)).toEqual(['delivered', 'delivered']);
    expect(env.endpoint.order()).toEqual([first.receiptId, second.receiptId]);
    const errors = env.log.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.context).toBe('ledger.storage');
    expect(String(errors[0]?.error)).toMatch(/IndexedDB is unavailable.*memory/);
  });

  it('degrades the same way when opening the database throws', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const env = use();
    const ledger = env.open();
    expect(await ledger.record(makeInput())).not.toBeNull();
    await ledger.record(makeInput({ state: 'updated' }));
    await ledger.flush();
    expect(env.endpoint.stored.size).toBe(2);
    expect(env.log.of('error')).toHaveLength(1);
    expect(String(env.log.of('error')[0]?.error)).toContain('SecurityError');
  });

  it('degrades when a write fails later (quota), keeping what it could read', async () => {
    const env = use({ endpoint: null });
    const ledger = env.open();
    const first = (await ledger.record(makeInput())) as Receipt;
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    const second = (await ledger.record(makeInput({ state: 'updated' }))) as Receipt;
    put.mockRestore();
    expect(second.integrity.previousHash).toBe(first.integrity.receiptHash);
    expect((await ledger.list()).map((item) => item.receipt.receiptId)).toEqual([first.receiptId, second.receiptId]);
    expect(env.log.of('error').map((event) => event.context)).toEqual(['ledger.storage']);
  });
});
