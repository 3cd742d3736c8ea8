import type { FastifyInstance } from 'fastify';
import { sendError, type ConsoleOptions } from './context.js';

const NOT_BUILT =
  'The web console has not been built. Run `npm run build` (it builds the console into dist/console).';

/**
 * The front end: its hashed assets, and index.html for every other path under /console, so the
 * browser's own routes (/console/ec2, /console/iam/users…) load the application.
 */
export function pageRoutes(app: FastifyInstance, options: ConsoleOptions): void {
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  app.get('/console/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (path.startsWith('api/')) return sendError(reply, 404, 'NotFound', 'No such console API.');
    const files = options.files;
    if (!files) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    const asset = files.get(path);
    if (asset && path !== 'index.html') {
      // Vite names assets by their content hash: a name never changes meaning.
      if (path.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type(asset.type).send(asset.body);
    }
    const index = files.get('index.html');
    if (!index) return reply.code(503).send(NOT_BUILT);
    return reply.type(index.type).send(index.body);
  });
}
