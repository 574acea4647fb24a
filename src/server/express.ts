/**
 * `samtykke/server/express`: the ledger as Express middleware. Mount it under any path; it follows the app's
 * conventions: the mount path (`req.baseUrl`), a body an app-wide parser already read (`req.body`), the client
 * address from the app's `trust proxy` setting (`req.ip`), and errors passed to `next`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendReply, webRequestOf } from './framework-bridge.js';
import { createLedgerHandler, type LedgerHandler, type LedgerHandlerOptions } from './handler.js';

/** The parts of Express's `req` the middleware reads; any Express (4 or 5) request has them. */
export interface ExpressLikeRequest extends IncomingMessage {
  /** The path under the mount point (Express strips `req.baseUrl` from it). */
  url: string;
  /** The client address, computed by Express from the socket and the app's `trust proxy` setting. */
  ip?: string | undefined;
  /** Set by `express.json()`, `express.text()` or `express.raw()` when one of them ran first. */
  body?: unknown;
}

/** Options of {@link ledgerMiddleware}: the handler's, without `basePath` (the mount path is the base). */
export type LedgerMiddlewareOptions = Omit<LedgerHandlerOptions, 'basePath'>;

/**
 * `app.use('/ledger', ledgerMiddleware({ storage, signingKey, origins }))`. Pass the options, or a handler
 * made by `createLedgerHandler` without a `basePath`.
 */
export function ledgerMiddleware(
  options: LedgerMiddlewareOptions | LedgerHandler,
): (request: ExpressLikeRequest, response: ServerResponse, next: (error?: unknown) => void) => void {
  if (typeof options !== 'function' && 'basePath' in options) {
    throw new Error('ledgerMiddleware: leave out basePath; mount the middleware with app.use("/ledger", …) instead');
  }
  const handler = typeof options === 'function' ? options : createLedgerHandler(options);
  return (request, response, next) => {
    const webRequest = webRequestOf({
      raw: request,
      target: request.url,
      clientIp: request.ip,
      parsed: request.body,
    });
    handler(webRequest, request.ip ? { clientIp: request.ip } : {})
      .then((answer) => sendReply(request, response, answer))
      .catch((error: unknown) => {
        // Before the headers, the app's error handler answers; after them, only cutting the connection is honest.
        if (!response.headersSent) next(error);
        else response.destroy(error instanceof Error ? error : undefined);
      });
  };
}
