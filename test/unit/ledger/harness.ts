import { createLedger, type LedgerDeps } from '../../../src/ledger/index.js';
import type { Receipt, ReceiptAcknowledgement, SamtykkeEventName, SamtykkeEvents } from '../../../src/types.js';
import { makeConfig } from './fixtures.js';

export const ENDPOINT = 'https://ledger.fjordkaffe.no/receipts';

type Mode =
  | { kind: 'ok' }
  | { kind: 'refuse' }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string | null }
  /** 400 for any batch containing one of these ids, the whole batch refused (as the server does). */
  | { kind: 'reject-ids'; ids: Set<string> };

export interface FakeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  keepalive: boolean | undefined;
  credentials: RequestCredentials | undefined;
  referrerPolicy: ReferrerPolicy | undefined;
  receiptIds: string[];
  /** The `erasureKeys` of a POST body. */
  erasureKeys?: Record<string, string>;
}

/**
 * The ledger endpoint's contract as a fetch function: idempotent by receipt id (a replay gets the
 * original acknowledgement), acknowledgements in request order, 400 for a batch with a bad receipt.
 */
export function createFakeEndpoint() {
  let mode: Mode = { kind: 'ok' };
  let seq = 0;
  const stored = new Map<string, { receipt: Receipt; ack: ReceiptAcknowledgement }>();
  const erased: string[] = [];
  const requests: FakeRequest[] = [];

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const method = init.method ?? 'GET';
    const body =
      typeof init.body === 'string'
        ? (JSON.parse(init.body) as { receipts: Receipt[]; erasureKeys?: Record<string, string> })
        : { receipts: [] };
    requests.push({
      url,
      method,
      headers: { ...(init.headers as Record<string, string>) },
      keepalive: init.keepalive,
      credentials: init.credentials,
      referrerPolicy: init.referrerPolicy,
      receiptIds: body.receipts.map((receipt) => receipt.receiptId),
      ...('erasureKeys' in body ? { erasureKeys: body.erasureKeys } : {}),
    });
    if (mode.kind === 'refuse') throw new TypeError('Failed to fetch');
    if (mode.kind === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (mode.kind === 'status') {
      const body = mode.body === undefined ? '{}' : mode.body;
      return new Response(mode.status === 204 ? null : body, { status: mode.status, headers: mode.headers });
    }
    if (method === 'DELETE') {
      erased.push(decodeURIComponent(url.slice(ENDPOINT.length + 1)));
      return new Response(null, { status: 204 });
    }
    const bad = mode.kind === 'reject-ids' ? mode.ids : new Set<string>();
    if (body.receipts.some((receipt) => bad.has(receipt.receiptId))) {
      return new Response(JSON.stringify({ errors: ['bad receipt'] }), { status: 400 });
    }
    const acknowledgements = body.receipts.map((receipt) => {
      const existing = stored.get(receipt.receiptId);
      if (existing) return existing.ack;
      const ack: ReceiptAcknowledgement = {
        receiptId: receipt.receiptId,
        seq: ++seq,
        receivedAt: new Date(0).toISOString(),
        chainHash: `sha256-${'A'.repeat(43)}=`,
        keyId: 'test-key',
        signature: `sig-${seq}`,
      };
      stored.set(receipt.receiptId, { receipt, ack });
      return ack;
    });
    return new Response(JSON.stringify({ acknowledgements }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    stored,
    erased,
    setMode(next: Mode) {
      mode = next;
    },
    /** Receipt ids in the order the endpoint first stored them. */
    order: () => [...stored.values()].sort((a, b) => a.ack.seq - b.ack.seq).map((item) => item.receipt.receiptId),
  };
}

/** Collects events and lets a test wait for the next one of a kind. */
export function createEventLog() {
  const events: Array<{ name: SamtykkeEventName; payload: unknown }> = [];
  const waiters: Array<{ name: SamtykkeEventName; resolve: (payload: unknown) => void }> = [];
  const emit = <K extends SamtykkeEventName>(name: K, payload: SamtykkeEvents[K]) => {
    events.push({ name, payload });
    for (const waiter of waiters.filter((item) => item.name === name)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(payload);
    }
  };
  return {
    emit,
    events,
    of: <K extends SamtykkeEventName>(name: K) =>
      events.filter((event) => event.name === name).map((event) => event.payload as SamtykkeEvents[K]),
    next: <K extends SamtykkeEventName>(name: K) =>
      new Promise<SamtykkeEvents[K]>((resolve) => waiters.push({ name, resolve: resolve as (p: unknown) => void })),
  };
}

let databaseCount = 0;

/** A fake window: an event target with a location, a navigator and whatever a test adds. */
export function makeWindow(navigatorExtra: Record<string, unknown> = {}): Window {
  const target = new EventTarget();
  return Object.assign(target, {
    location: new URL('https://fjordkaffe.no/kaffe?utm=x#top'),
    navigator: { userAgent: 'Mozilla/5.0 Firefox/128.0', ...navigatorExtra },
  }) as unknown as Window;
}

/** A ledger on a fresh database with a fake endpoint and an injected clock. */
export function setup(options: { endpoint?: string | null; historyLimit?: number; timeoutMs?: number } = {}) {
  const endpoint = createFakeEndpoint();
  const log = createEventLog();
  const clock = { now: Date.UTC(2026, 10, 23, 12, 0, 0) };
  const beacons: Array<{ url: string; data: BodyInit }> = [];
  let cleared = 0;
  let ids = 0;
  const databaseName = `samtykke-test-${++databaseCount}`;
  const ledgers: Array<ReturnType<typeof createLedger>> = [];
  const open = (extra: Partial<LedgerDeps> = {}) => {
    const ledger = createLedger({
      config: makeConfig({
        endpoint: options.endpoint === null ? undefined : (options.endpoint ?? ENDPOINT),
        historyLimit: options.historyLimit ?? 100,
        timeoutMs: options.timeoutMs ?? 10_000,
      }),
      emit: log.emit,
      clearDecision: () => {
        cleared++;
      },
      now: () => clock.now,
      randomId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
      random: () => 0.5,
      fetch: endpoint.fetch,
      sendBeacon: (url, data) => {
        beacons.push({ url, data });
        return true;
      },
      window: makeWindow(),
      databaseName,
      ...extra,
    });
    ledgers.push(ledger);
    return ledger;
  };
  return {
    open,
    endpoint,
    log,
    clock,
    beacons,
    databaseName,
    cleared: () => cleared,
    stopAll: () => {
      for (const ledger of ledgers) ledger.stop();
    },
  };
}
