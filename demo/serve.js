// `npm run demo`: the Fjordkaffe demo site and its consent ledger endpoint (embedded SQLite) on one port.
// Usage: node demo/serve.js [--port 8080] [--data .demo-data]
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createLedgerHandler,
  createNodeListener,
  loadSigningKeyFile,
  openSqliteStorage,
  scanLedger,
  verifyLedger,
} from '../dist/server/index.js';
import { cookiePage, homePage, LANGUAGES, ownerPage, privacyPage, privacyPath } from './pages.js';
import { standIn, VIDEO_PAGE } from './stand-ins.js';
import { statsPage } from './stats-page.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** Starts the demo; resolves with its URL and a close function (the demo test uses this too). */
export async function startDemo({
  port = 8080,
  host = '127.0.0.1',
  dataDir = join(ROOT, '.demo-data'),
  quiet = false,
  erasureRetention = undefined,
} = {}) {
  mkdirSync(dataDir, { recursive: true });
  const storage = await openSqliteStorage({ path: join(dataDir, 'ledger.sqlite') });
  const signingKey = await loadSigningKeyFile(join(dataDir, 'ledger-key.pem'), true);
  /** Set once the port is known: the ledger allows exactly this demo's own origins. */
  let ledger;

  const pages = new Map();
  for (const lang of LANGUAGES) {
    const prefix = lang === 'nb' ? '' : `/${lang}`;
    pages.set(`${prefix}/`, () => homePage(lang));
    pages.set(`${prefix}/cookies`, () => cookiePage(lang));
    pages.set(privacyPath(lang), () => privacyPage(lang));
  }
  pages.set('/owner', async () => {
    const receipts = [];
    for await (const row of scanLedger(storage)) {
      const r = row.receipt;
      receipts.push({
        seq: row.seq,
        receivedAt: row.receivedAt,
        recordId: row.recordId,
        state: r?.event.state,
        action: r?.event.action,
        granted: r?.purposes
          .filter((p) => p.status === 'granted')
          .map((p) => p.id)
          .join(', '),
        language: r?.notice.language,
      });
    }
    const verification = await verifyLedger(storage, signingKey.publicKey);
    return ownerPage(receipts.reverse(), {
      ok: verification.ok,
      checked: verification.records,
      problems: verification.problems.map((p) => `${p.site} #${p.seq}: ${p.kind}: ${p.message}`),
    });
  });

  pages.set('/owner/stats', async () => statsPage(await storage.stats()));

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://demo');
    const path = url.pathname;
    try {
      if (path.startsWith('/ledger/')) return ledger(request, response);
      const page = pages.get(path);
      if (page) return send(response, 200, 'text/html; charset=utf-8', await page());
      if (path.startsWith('/stand-in/')) {
        const body = standIn(path);
        return body ? send(response, 200, TYPES['.js'], body) : send(response, 404, 'text/plain', 'no stand-in');
      }
      if (path.startsWith('/video/')) return send(response, 200, 'text/html; charset=utf-8', VIDEO_PAGE);
      if (path.startsWith('/dist/') || path.startsWith('/demo/')) {
        const file = normalize(join(ROOT, path));
        if (!file.startsWith(ROOT) || !TYPES[extname(file)]) return send(response, 404, 'text/plain', 'not found');
        return send(response, 200, TYPES[extname(file)], await readFile(file));
      }
      send(response, 404, 'text/plain', 'not found');
    } catch (error) {
      if (error?.code === 'ENOENT') return send(response, 404, 'text/plain', 'not found');
      console.error(error);
      send(response, 500, 'text/plain', 'internal error');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const handler = createLedgerHandler({
    storage,
    signingKey,
    basePath: '/ledger',
    origins: [`http://${host}:${actualPort}`, `http://localhost:${actualPort}`],
    logger: quiet ? () => {} : undefined,
    ...(erasureRetention ? { erasureRetention } : {}),
  });
  ledger = createNodeListener(handler);
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actualPort}`,
    storage,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await storage.close();
    },
  };
}

function send(response, status, type, body) {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: process.env.PORT ?? '8080' }, data: { type: 'string' } },
  });
  const demo = await startDemo({ port: Number(values.port), dataDir: values.data }).catch((error) => {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.error(
      `Port ${values.port} is taken; start the demo on another: npm run demo -- --port 8081 (or PORT=8081)`,
    );
    process.exit(1);
  });
  console.log(`\nFjordkaffe demo: ${demo.url}/  (nb)  ${demo.url}/da/  ${demo.url}/en/`);
  console.log(`Cookie policy:   ${demo.url}/cookies    Owner's receipts: ${demo.url}/owner`);
  console.log(`Consent statistics: ${demo.url}/owner/stats`);
  console.log('Ledger endpoint: POST /ledger/receipts (SQLite in .demo-data/)\n');
}
