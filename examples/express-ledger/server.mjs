// The consent ledger inside an existing Express app, under /ledger, behind one proxy.
import express from 'express';
import { loadSigningKeyFile, openSqliteStorage } from 'samtykke/server';
import { ledgerMiddleware } from 'samtykke/server/express';

const storage = await openSqliteStorage({ path: process.env.LEDGER_DB ?? './ledger.db' });
const signingKey = await loadSigningKeyFile(process.env.LEDGER_KEY ?? './ledger-key.pem', true);

const app = express();
app.set('trust proxy', 1); // the ledger's rate limit and stored client network follow this
app.use(express.json()); // the app's own parser may run first; the ledger uses req.body
app.use('/ledger', ledgerMiddleware({ storage, signingKey, origins: ['http://localhost:8080'] }));
app.get('/', (_request, response) => response.send('The shop; the ledger answers at /ledger/health'));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`http://localhost:${port}/ledger/health`));
