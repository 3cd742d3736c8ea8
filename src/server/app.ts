import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WireRequest, WireResponse } from '../api/wire.js';

/** The largest request body accepted: a policy document is at most 131,072 characters, URL-encoded. */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** Answers an AWS protocol request (IAM, STS…) sent to `/`. */
  readonly handle: (request: WireRequest) => Promise<WireResponse>;
  /** Whether the store answers, for `/health`. */
  readonly healthy: () => Promise<boolean>;
  readonly https?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
}

function toWire(request: FastifyRequest): WireRequest {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: request.method,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: request.raw.headersDistinct,
    body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    sourceIp: request.ip,
    secure: request.protocol === 'https',
  };
}

/**
 * The HTTP server: `/health` for probes, and the AWS query protocols on `/`. Bodies are kept as raw
 * bytes, because SigV4 signs exactly those.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    https: options.https ?? null,
    // While shutting down, requests on open connections are still answered (below, each answer
    // then closes its connection) rather than refused with a non-AWS 503.
    return503OnClosing: false,
  });
  // Node closes only the connections idle when closing starts; one busy then would stay open for
  // its keep-alive time (fastify#7044). Once closing, every answer closes its connection.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/health', async (_request, reply) => {
    const ok = await options.healthy().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
  });

  const aws = async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await options.handle(toWire(request));
    return reply.code(response.status).headers(response.headers).send(response.body);
  };
  app.post('/', aws);
  app.get('/', aws);
  return app;
}
