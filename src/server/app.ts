import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { WireRequest, WireResponse } from '../api/wire.js';

/** The largest request body accepted: a policy document is at most 131,072 characters, URL-encoded. */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** Answers an AWS protocol request (IAM, STS…) sent to `/`. */
  readonly handle: (request: WireRequest) => Promise<WireResponse>;
  /** Whether the store answers, for `/health`. */
  readonly healthy: () => Promise<boolean>;
  readonly https?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
  /** Proxies whose X-Forwarded-For names the client (see ServerConfig.trustProxy). */
  readonly trustProxy?: readonly string[] | undefined;
  /**
   * The AWS error answer for a request refused before any service saw it (a body over the limit, a
   * request line or headers too long), so that clients get AWS's envelope, not the framework's.
   */
  readonly transportError: (status: number, code: string, message: string) => WireResponse;
  /** Further protocols, each a plugin owning its routes (the web console). */
  readonly plugins?: readonly FastifyPluginAsync[];
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
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    // Node refuses an oversized request line or headers before Fastify routes it: answer in AWS's
    // envelope on the raw socket.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return;
      const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
      const answer = tooLarge
        ? options.transportError(
            431,
            'RequestHeaderFieldsTooLarge',
            'The request line and headers are too large.',
          )
        : options.transportError(400, 'MalformedQueryString', 'The request could not be read.');
      const head = [
        `HTTP/1.1 ${answer.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}`,
        ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
        `content-length: ${Buffer.byteLength(answer.body)}`,
        'connection: close',
      ];
      socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`);
    },
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
  app.setErrorHandler((error: { code?: string; statusCode?: number }, request, reply) => {
    const answer =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? options.transportError(
            413,
            'RequestEntityTooLarge',
            `The request body is larger than ${BODY_LIMIT} bytes.`,
          )
        : options.transportError(
            error.statusCode ?? 400,
            'MalformedQueryString',
            'The request could not be read.',
          );
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
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
  for (const plugin of options.plugins ?? []) void app.register(plugin);
  return app;
}
