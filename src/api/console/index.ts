import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { callRoutes } from './call-routes.js';
import { eventsRoutes } from './events-routes.js';
import type { ConsoleOptions } from './context.js';
import { pageRoutes } from './page-routes.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { sessionRoutes } from './session-routes.js';

export type { ConsoleOptions } from './context.js';
export { loadConsoleFiles, type ConsoleFiles } from './static-files.js';

/**
 * The web console as a Fastify plugin: its pages at /console and its JSON API at /console/api/.
 * Every answer carries a strict Content-Security-Policy and is not cached (assets excepted).
 * @example app.register(consolePlugin({ store, secrets, dispatcher, files, timeouts: CONSOLE_SESSION_TIMEOUTS }));
 */
export function consolePlugin(options: ConsoleOptions): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (_request, reply) => {
      reply.headers(SECURITY_HEADERS);
    });
    app.setErrorHandler((error, request, reply) => {
      options.onError?.(error, { requestId: request.id, action: request.url });
      return reply.code(500).send({
        error: { code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' },
      });
    });
    sessionRoutes(app, options);
    callRoutes(app, options);
    eventsRoutes(app, options);
    pageRoutes(app, options);
  };
}
