import { createLedgerHandler, type LedgerHandler, loadSigningKeyFile, openSqliteStorage } from 'samtykke/server';

// The ledger needs node:crypto and a database driver, and answers per request.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Opened on the first request, not when `next build` imports this module to collect its routes.
let ledger: Promise<LedgerHandler> | undefined;
const open = async () =>
  createLedgerHandler({
    storage: await openSqliteStorage({ path: process.env.LEDGER_DB ?? './ledger.db' }),
    signingKey: await loadSigningKeyFile(process.env.LEDGER_KEY ?? './ledger-key.pem', true),
    origins: (process.env.LEDGER_ORIGINS ?? 'http://localhost:3000').split(','),
    basePath: '/api/ledger',
  });

async function handle(request: Request): Promise<Response> {
  // A failed start (a missing driver, say) is tried again on the next request, not cached.
  ledger ??= open().catch((error: unknown) => {
    ledger = undefined;
    throw error;
  });
  // Behind one proxy that sets X-Forwarded-For (most hosts do), its last entry is the visitor.
  const clientIp = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  return (await ledger)(request, clientIp ? { clientIp } : {});
}

export { handle as DELETE, handle as GET, handle as OPTIONS, handle as POST };
