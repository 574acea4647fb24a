import { afterEach, describe, expect, it, vi } from 'vitest';
import { START_DELAY_MS } from '../../../src/ledger/index.js';
import type { Receipt } from '../../../src/types.js';
import { makeDecision, makeInput } from './fixtures.js';
import { ENDPOINT, makeWindow, setup } from './harness.js';

let stopAll: () => void = () => undefined;
afterEach(() => {
  stopAll();
  vi.useRealTimers();
});

function use(options: Parameters<typeof setup>[0] = {}) {
  const env = setup(options);
  stopAll = env.stopAll;
  return env;
}

async function recordMany(ledger: ReturnType<ReturnType<typeof setup>['open']>, count: number) {
  const receipts: Receipt[] = [];
  for (let index = 0; index < count; index++) {
    receipts.push((await ledger.record(makeInput({ state: index ? 'updated' : 'given' }))) as Receipt);
  }
  return receipts;
}

/** Lets IndexedDB (real macrotasks) run until the ledger has set its retry timer; fake time stands still. */
async function untilRetryScheduled() {
  for (let turn = 0; turn < 1000 && vi.getTimerCount() === 0; turn++) await new Promise((done) => setImmediate(done));
  expect(vi.getTimerCount()).toBe(1);
}

describe('delivery', () => {
  it('POSTs JSON without credentials, keepalive, and stores the acknowledgement', async () => {
    const env = use();
    const ledger = env.open();
    const receipt = (await ledger.record(makeInput())) as Receipt;
    await ledger.flush();
    const [request] = env.endpoint.requests;
    expect(request).toEqual({
      url: ENDPOINT,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      keepalive: true,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      receiptIds: [receipt.receiptId],
      erasureKeys: { [receipt.recordId]: expect.stringMatching(/^sha256-[A-Za-z0-9+/]{43}=$/) },
    });
    const [stored] = await ledger.list();
    expect(stored?.status).toBe('delivered');
    expect(stored?.acknowledgement).toEqual(env.endpoint.stored.get(receipt.receiptId)?.ack);
    expect(env.log.of('delivered')).toEqual([{ receipts: [receipt], acknowledgements: [stored?.acknowledgement] }]);
  });

  it('gives up on 400, 413 and 422 only when the endpoint says why: rejected, final, never retried', async () => {
    for (const status of [400, 413, 422]) {
      const env = use();
      env.endpoint.setMode({ kind: 'status', status, body: JSON.stringify({ error: 'receipt.event: missing' }) });
      const ledger = env.open();
      const receipt = (await ledger.record(makeInput())) as Receipt;
      await ledger.flush();
      const reason = `HTTP ${status}: receipt.event: missing`;
      expect((await ledger.list())[0]).toMatchObject({ status: 'rejected', attempts: 1, lastError: reason });
      expect(env.log.of('deliveryFailed')).toEqual([{ receiptIds: [receipt.receiptId], reason, final: true }]);
      env.endpoint.setMode({ kind: 'ok' });
      env.clock.now += 3_600_000;
      await ledger.flush();
      expect(env.endpoint.requests).toHaveLength(1);
      stopAll();
    }
  });

  for (const failure of [
    { status: 404, body: '<html>Not Found</html>' },
    { status: 403, body: '{}' },
    { status: 401, body: null },
    { status: 400, body: null },
  ]) {
    it(`keeps a receipt answered ${failure.status} without a reason, retries with long backoff and reports an error`, async () => {
      const env = use();
      env.endpoint.setMode({ kind: 'status', status: failure.status, body: failure.body });
      const ledger = env.open();
      const failed = env.log.next('deliveryFailed');
      await ledger.record(makeInput());
      await failed;
      const [stored] = await ledger.list();
      expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: `HTTP ${failure.status}` });
      // random() is 0.5: three quarters of the first minute.
      expect(stored?.nextAttemptAt).toBe(env.clock.now + 45_000);
      expect(env.log.of('deliveryFailed')[0]?.final).toBe(false);
      expect(env.log.of('error').map((event) => event.context)).toEqual(['ledger.delivery']);
      expect(String(env.log.of('error')[0]?.error)).toContain(`HTTP ${failure.status}`);
      env.endpoint.setMode({ kind: 'ok' });
      env.clock.now += 45_000;
      await ledger.flush();
      expect((await ledger.list())[0]?.status).toBe('delivered');
    });
  }

  it('404, 404, then 200: delivered, with the acknowledgement', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'status', status: 404, body: null });
    const ledger = env.open();
    const failed = env.log.next('deliveryFailed');
    const receipt = (await ledger.record(makeInput())) as Receipt;
    await failed;
    await ledger.flush();
    env.endpoint.setMode({ kind: 'ok' });
    await ledger.flush();
    expect(env.endpoint.requests).toHaveLength(3);
    expect((await ledger.list())[0]).toMatchObject({
      status: 'delivered',
      acknowledgement: env.endpoint.stored.get(receipt.receiptId)?.ack,
    });
  });

  it('counts any 2xx as delivery: a 204 or a body without acknowledgements is an unsigned delivery, sent once', async () => {
    for (const answer of [
      { status: 204, body: null },
      { status: 200, body: 'OK' },
      { status: 201, body: '{"ok":true}' },
      { status: 200, body: '{"acknowledgements":[{"receiptId":"someone else"}]}' },
    ]) {
      const env = use();
      env.endpoint.setMode({ kind: 'status', ...answer });
      const ledger = env.open();
      const receipt = (await ledger.record(makeInput())) as Receipt;
      await ledger.flush();
      await ledger.flush();
      expect(env.endpoint.requests).toHaveLength(1);
      const [stored] = await ledger.list();
      expect(stored).toMatchObject({ status: 'delivered', unsigned: true, attempts: 1 });
      expect(stored?.acknowledgement).toBeUndefined();
      expect(env.log.of('delivered')).toEqual([{ receipts: [receipt], acknowledgements: [] }]);
      expect(env.log.of('deliveryFailed')).toEqual([]);
      stopAll();
    }
  });

  it('gives a receipt up, with an error event, when nothing took it within 30 days', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'status', status: 503 });
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    expect((await ledger.list())[0]?.status).toBe('pending');
    env.clock.now += 30 * 86_400_000;
    await ledger.flush();
    expect((await ledger.list())[0]).toMatchObject({
      status: 'rejected',
      lastError: 'not delivered within 30 days (last: HTTP 503)',
    });
    expect(String(env.log.of('error').at(-1)?.error)).toContain('not delivered within 30 days');
  });

  it('isolates the bad receipt when a batch is refused with 400', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'refuse' });
    const ledger = env.open();
    const receipts = await recordMany(ledger, 3);
    await ledger.flush();
    const bad = receipts[1] as Receipt;
    env.endpoint.setMode({ kind: 'reject-ids', ids: new Set([bad.receiptId]) });
    const before = env.endpoint.requests.length;
    await ledger.flush();
    const sent = env.endpoint.requests.slice(before).map((request) => request.receiptIds.length);
    expect(sent).toEqual([3, 1, 1, 1]);
    expect((await ledger.list()).map((item) => item.status)).toEqual(['delivered', 'rejected', 'delivered']);
    expect(env.log.of('deliveryFailed').at(-1)).toEqual({
      receiptIds: [bad.receiptId],
      reason: 'HTTP 400: bad receipt',
      final: true,
    });
  });

  for (const failure of [
    { name: 'a refused connection', mode: { kind: 'refuse' } as const, reason: /Failed to fetch/ },
    { name: '503', mode: { kind: 'status', status: 503 } as const, reason: /HTTP 503/ },
    { name: '408', mode: { kind: 'status', status: 408 } as const, reason: /HTTP 408/ },
  ]) {
    it(`retries after ${failure.name} with backoff`, async () => {
      const env = use();
      env.endpoint.setMode(failure.mode);
      const ledger = env.open();
      const failed = env.log.next('deliveryFailed');
      await ledger.record(makeInput());
      await failed;
      const [stored] = await ledger.list();
      expect(stored).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: env.clock.now + 1000 });
      expect(stored?.lastError).toMatch(failure.reason);
      expect(env.log.of('deliveryFailed')[0]?.final).toBe(false);
      env.endpoint.setMode({ kind: 'ok' });
      await ledger.flush();
      expect((await ledger.list())[0]?.status).toBe('delivered');
    });
  }

  it('aborts a request that hangs past timeoutMs and retries later', async () => {
    const env = use({ timeoutMs: 20 });
    env.endpoint.setMode({ kind: 'hang' });
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    expect((await ledger.list())[0]).toMatchObject({ status: 'pending', lastError: 'timed out after 20 ms' });
  });

  it('honours 429 Retry-After, even on an explicit flush', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'status', status: 429, headers: { 'Retry-After': '120' } });
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    expect((await ledger.list())[0]?.nextAttemptAt).toBe(env.clock.now + 120_000);
    env.endpoint.setMode({ kind: 'ok' });
    env.clock.now += 60_000;
    await ledger.flush();
    expect(env.endpoint.requests).toHaveLength(1);
    env.clock.now += 60_000;
    await ledger.flush();
    expect(env.endpoint.requests).toHaveLength(2);
    expect((await ledger.list())[0]?.status).toBe('delivered');
  });

  it('follows the backoff schedule on its own timers, then delivers when the endpoint recovers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const env = use();
    env.endpoint.setMode({ kind: 'status', status: 503 });
    const ledger = env.open();
    const failed = env.log.next('deliveryFailed');
    await ledger.record(makeInput());
    await failed;
    const schedule: number[] = [];
    const start = env.clock.now;
    // random() is 0.5, so each wait is half the ceiling: 1 s, 2 s, 4 s, 8 s.
    for (let attempt = 1; attempt <= 4; attempt++) {
      await untilRetryScheduled();
      const [stored] = await ledger.list();
      const wait = (stored?.nextAttemptAt ?? 0) - env.clock.now;
      schedule.push(wait);
      const before = env.endpoint.requests.length;
      env.clock.now += wait - 1;
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(env.endpoint.requests.length).toBe(before);
      if (attempt === 4) env.endpoint.setMode({ kind: 'ok' });
      const settled = env.log.next(attempt === 4 ? 'delivered' : 'deliveryFailed');
      env.clock.now += 1;
      await vi.advanceTimersByTimeAsync(1);
      await settled;
      expect(env.endpoint.requests.length).toBe(before + 1);
    }
    expect(schedule).toEqual([1000, 2000, 4000, 8000]);
    expect(env.clock.now - start).toBe(15_000);
    await ledger.flush();
    expect((await ledger.list())[0]).toMatchObject({ status: 'delivered', attempts: 5 });
  });

  it('sends a consent id’s receipts together and in chain order', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'refuse' });
    const ledger = env.open();
    const receipts = await recordMany(ledger, 4);
    env.endpoint.setMode({ kind: 'ok' });
    await ledger.flush();
    expect(env.endpoint.order()).toEqual(receipts.map((receipt) => receipt.receiptId));
  });
});

describe('page lifecycle', () => {
  it('beacons pending receipts as text on pagehide and keeps them pending', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'refuse' });
    const win = makeWindow();
    const ledger = env.open({ window: win });
    ledger.start();
    const receipts = await recordMany(ledger, 2);
    await ledger.flush();
    win.dispatchEvent(new Event('pagehide'));
    expect(env.beacons).toHaveLength(1);
    expect(env.beacons[0]?.url).toBe(ENDPOINT);
    expect(typeof env.beacons[0]?.data).toBe('string');
    const body = JSON.parse(env.beacons[0]?.data as string) as { receipts: Receipt[] };
    expect(body.receipts).toEqual(receipts);
    expect((await ledger.list()).map((item) => item.status)).toEqual(['pending', 'pending']);
  });

  it('on a later page load, delivers what earlier pages left once due', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const env = use();
    env.endpoint.setMode({ kind: 'refuse' });
    const earlier = env.open();
    const [receipt] = await recordMany(earlier, 1);
    await earlier.flush();
    earlier.stop();
    env.endpoint.setMode({ kind: 'ok' });
    env.clock.now += 5000;
    const later = env.open();
    later.start();
    // The beacon on this page already knows the earlier receipt.
    const delivered = env.log.next('delivered');
    await vi.advanceTimersByTimeAsync(START_DELAY_MS);
    expect((await delivered).receipts).toEqual([receipt]);
  });

  it('retries at once when the browser comes back online', async () => {
    const env = use();
    env.endpoint.setMode({ kind: 'refuse' });
    const win = makeWindow();
    const ledger = env.open({ window: win });
    ledger.start();
    await recordMany(ledger, 1);
    await ledger.flush();
    env.endpoint.setMode({ kind: 'ok' });
    const delivered = env.log.next('delivered');
    win.dispatchEvent(new Event('online'));
    await delivered;
    expect((await ledger.list())[0]?.status).toBe('delivered');
  });

  it('leaves delivery to the tab that holds the outbox lock', async () => {
    const held = new Set<string>();
    const locks = {
      request: async (name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) => {
        if (held.has(name) && options.ifAvailable) return callback(null);
        held.add(name);
        try {
          return await callback({ name, mode: 'exclusive' } as Lock);
        } finally {
          held.delete(name);
        }
      },
    };
    const env = use();
    const ledger = env.open({ window: makeWindow({ locks }) });
    held.add('samtykke-outbox');
    await ledger.record(makeInput({ decision: makeDecision(['statistics']) }));
    await ledger.flush();
    expect(env.endpoint.requests).toHaveLength(0);
    held.delete('samtykke-outbox');
    await ledger.flush();
    expect(env.endpoint.requests).toHaveLength(1);
  });
});
