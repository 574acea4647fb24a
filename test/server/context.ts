import { createLedgerHandler, type LedgerHandlerOptions, type LedgerLogEntry } from '../../src/server/handler.js';
import { generateKeyPair, signingKeyFrom } from '../../src/server/keys.js';
import { type ServeLedgerOptions, serveLedger } from '../../src/server/node.js';
import { scanLedger } from '../../src/server/storage.js';
import { type StorageKind, storageKinds } from './helpers.js';

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

/** The ledger served on `node:http` on a free port, on a fresh SQLite ledger, logging into `logs`. */
export async function servedLedger(options: Partial<ServeLedgerOptions> = {}) {
  const db = await (storageKinds[0] as StorageKind).open();
  const logs: LedgerLogEntry[] = [];
  const running = await serveLedger({
    storage: db.storage,
    signingKey: generateKeyPair().privateKey,
    origins: [ORIGIN],
    port: 0,
    rateLimit: false,
    logger: (entry) => logs.push(entry),
    ...options,
  });
  return {
    running,
    logs,
    close: async () => {
      await running.close();
      await db.close();
    },
  };
}
