/**
 * `samtykke/server/fastify`: the ledger as a Fastify plugin. Register it with a prefix; it keeps Fastify's
 * conventions: encapsulation (its body handling applies to its own routes only), the client address from the
 * server's `trustProxy` option (`request.ip`), and replies sent through `reply`, so hooks and logging see them.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { nodeReplyOf, webRequestOf } from './framework-bridge.js';
import { createLedgerHandler, type LedgerHandler, type LedgerHandlerOptions } from './handler.js';

/** Options of {@link ledgerPlugin}: the handler's without `basePath` (the prefix is the base), or a handler. */
export type LedgerPluginOptions = Omit<LedgerHandlerOptions, 'basePath'> | { handler: LedgerHandler };

/** `await app.register(ledgerPlugin, { prefix: '/ledger', storage, signingKey, origins })`. */
export const ledgerPlugin: FastifyPluginAsync<LedgerPluginOptions> = async (
  fastify: FastifyInstance,
  options: LedgerPluginOptions,
) => {
  const { prefix: _prefix, ...rest } = options as LedgerPluginOptions & { prefix?: string };
  if ('basePath' in rest) throw new Error('ledgerPlugin: leave out basePath; register with { prefix: "/ledger" }');
  const handler = 'handler' in rest ? rest.handler : createLedgerHandler(rest as LedgerHandlerOptions);
  // The handler reads and limits the body itself; Fastify's parsers would buffer it first. Scoped to this plugin.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const route = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const target = request.url.slice(fastify.prefix.length) || '/';
    const answer = await handler(webRequestOf({ raw: request.raw, target, clientIp: request.ip, parsed: undefined }), {
      clientIp: request.ip,
    });
    const { status, headers, body } = nodeReplyOf(answer);
    if (!request.raw.complete) headers.connection = 'close';
    return reply
      .code(status)
      .headers(headers)
      .send(body ?? '');
  };
  fastify.all('/', route);
  fastify.all('/*', route);
};

export default ledgerPlugin;
