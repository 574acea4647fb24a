import { afterEach, describe, expect, it } from 'vitest';
import { combineErasures, erasureAnswerOf } from '../../../src/ledger/erasure-answer.js';
import type { Receipt } from '../../../src/types.js';
import { CONSENT_ID, makeInput } from './fixtures.js';
import { ENDPOINT, setup } from './harness.js';

const KEPT = {
  recordId: CONSENT_ID,
  erased: 0,
  retained: 2,
  retainedUntil: '2029-06-01T10:00:00.000Z',
  reason: 'kept, without the client address, to prove the consent and its withdrawal…',
  ground: 'GDPR Art. 17(3)(b) and (e)',
};

describe('the ledger server’s answer to an erasure', () => {
  it('reads what a samtykke ledger keeps: how many receipts, until when, on which ground', () => {
    expect(erasureAnswerOf(JSON.stringify(KEPT), CONSENT_ID)).toEqual({
      server: 'kept',
      kept: { receipts: 2, until: '2029-06-01T10:00:00.000Z', ground: 'GDPR Art. 17(3)(b) and (e)' },
    });
    expect(erasureAnswerOf(JSON.stringify({ recordId: CONSENT_ID, erased: 3 }), CONSENT_ID)).toEqual({
      server: 'erased',
    });
  });

  it('takes no body, another body or another consent id’s answer as saying nothing about what is kept', () => {
    for (const text of [
      '',
      'OK',
      '<html><body>Deleted</body></html>',
      'null',
      '[]',
      '{}',
      JSON.stringify({ ...KEPT, recordId: 'someone-else' }),
      JSON.stringify({ deleted: true }),
    ]) {
      expect(erasureAnswerOf(text, CONSENT_ID), text).toEqual({ server: 'unknown' });
    }
  });

  it('trusts of a hostile answer only a count, a date and a short plain ground, and nothing of an oversized one', () => {
    for (const bad of [
      { retainedUntil: 'soon' },
      { retainedUntil: '2029-06-01' },
      { retainedUntil: 2e12 },
      { retained: -1 },
      { retained: 1.5 },
      { retained: '2' },
    ]) {
      expect(erasureAnswerOf(JSON.stringify({ ...KEPT, ...bad }), CONSENT_ID), JSON.stringify(bad)).toEqual({
        server: 'unknown',
      });
    }
    for (const ground of ['<img src=x onerror=alert(1)>', 'x'.repeat(81), 'Art. 17\nmore', 17]) {
      expect(erasureAnswerOf(JSON.stringify({ ...KEPT, ground }), CONSENT_ID)).toEqual({
        server: 'kept',
        kept: { receipts: 2, until: '2029-06-01T10:00:00.000Z' },
      });
    }
    expect(erasureAnswerOf(JSON.stringify({ ...KEPT, padding: 'x'.repeat(5000) }), CONSENT_ID)).toEqual({
      server: 'unknown',
    });
  });

  it('tells one story for several consent ids: what still needs them first, and the latest date kept', () => {
    expect(combineErasures([])).toEqual({ server: 'none' });
    const later = { receipts: 2, until: '2029-06-01T10:00:00.000Z' };
    expect(
      combineErasures(
        [
          { server: 'erased' },
          { server: 'kept', kept: { receipts: 1, until: '2028-01-01T00:00:00.000Z', ground: 'GDPR Art. 17(3)(b)' } },
          { server: 'kept', kept: later },
        ],
        Date.UTC(2026, 5, 1),
      ),
    ).toEqual({ server: 'kept', kept: later, since: '2026-06-01T00:00:00.000Z' });
    expect(combineErasures([{ server: 'erased' }, { server: 'waiting' }, { server: 'unknown' }]).server).toBe(
      'waiting',
    );
    expect(combineErasures([{ server: 'waiting' }, { server: 'refused' }]).server).toBe('refused');
  });
});

describe('ledger.erase() says what became of each copy', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });
  const use = (options: Parameters<typeof setup>[0] = {}) => {
    const env = setup(options);
    stops.push(env.stopAll);
    return env;
  };

  it('kept by the ledger server: from the first receipt’s time, until the date it names', async () => {
    const env = use();
    const ledger = env.open();
    const first = (await ledger.record(makeInput())) as Receipt;
    await ledger.record(makeInput({ state: 'updated' }));
    await ledger.flush();
    env.endpoint.setMode({ kind: 'status', status: 200, body: JSON.stringify(KEPT) });
    expect(await ledger.erase()).toEqual({
      server: 'kept',
      kept: { receipts: 2, until: '2029-06-01T10:00:00.000Z', ground: 'GDPR Art. 17(3)(b) and (e)' },
      since: new Date(Date.parse(first.event.time)).toISOString(),
    });
  });

  it('erased (404 too: nothing left), unknown for a 204, waiting while unreachable, and none without an endpoint', async () => {
    const env = use();
    const ledger = env.open();
    await ledger.record(makeInput());
    await ledger.flush();
    env.endpoint.setMode({ kind: 'status', status: 404, body: null });
    expect((await ledger.erase()).server).toBe('erased');
    await ledger.record(makeInput());
    env.endpoint.setMode({ kind: 'ok' });
    await ledger.flush();
    // The fake endpoint answers a DELETE with 204 and no body, as a site's own backend may.
    expect((await ledger.erase()).server).toBe('unknown');
    await ledger.record(makeInput());
    await ledger.flush();
    const marks: boolean[] = [];
    const down = env.open({ markPending: (pending) => marks.push(pending) });
    env.endpoint.setMode({ kind: 'refuse' });
    expect((await down.erase()).server).toBe('waiting');
    // The next page loads the ledger for the erasure that waits.
    expect(marks.at(-1)).toBe(true);
    env.endpoint.setMode({ kind: 'ok' });
    await down.flush();
    expect(marks.at(-1)).toBe(false);
    expect(env.endpoint.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toContain(
      `${ENDPOINT}/${CONSENT_ID}`,
    );
    const local = use({ endpoint: null }).open();
    await local.record(makeInput());
    expect((await local.erase()).server).toBe('none');
  });
});
