import { createLedgerHandler, type LedgerHandlerOptions, type LedgerLogEntry } from '../../src/server/handler.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { scanLedger } from '../../src/server/storage.js';
import type { StorageKind } from './helpers.js';

export const ORIGIN = 'https://fjordkaffe.no';
export const TOKEN = 'admin-token-0123456789';
export const BASE = 'http://ledger.test';

/** A handler on a fresh ledger, with helpers to call it and count what was stored. */
export async function handlerContext(kind: StorageKind, overrides: Partial<LedgerHandlerOptions> = {}) {
  const db = await kind.open();
  const key = signingKeyFrom(generateKeyPair().privateKey);
  const logs: LedgerLogEntry[] = [];
  const handler = createLedgerHandler({
    storage: db.storage,
    signingKey: key,
    origins: [ORIGIN],
    adminToken: TOKEN,
    maxBatch: 10,
    maxBodyBytes: 300_000,
    rateLimit: false,
    logger: (entry) => logs.push(entry),
    ...overrides,
  });
  const call = (path: string, init: RequestInit = {}, clientIp = '203.0.113.77') =>
    handler(new Request(BASE + path, init), { clientIp });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    call('/receipts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const stored = async () => {
    const rows = [];
    for await (const row of scanLedger(db.storage)) rows.push(row);
    return rows;
  };
  return { db, key, logs, handler, call, post, stored, close: () => db.close() };
}
