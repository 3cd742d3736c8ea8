import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { consolePlugin, loadConsoleFiles, type ConsoleOptions } from '../api/console/index.js';
import {
  dispatcher,
  queryHandler,
  type Dispatcher,
  type QueryDependencies,
  type QueryService,
} from '../api/query-service.js';
import { CONSOLE_SESSION_TIMEOUTS } from '../iam/console-sessions.js';

/**
 * Where the console build is: `dist/console`, beside the compiled server (dist/server) or, when
 * the server runs from source (src/server), in the project's dist/.
 */
export function consoleDir(): string {
  const beside = fileURLToPath(new URL('../console/', import.meta.url));
  const fromSource = fileURLToPath(new URL('../../dist/console/', import.meta.url));
  return existsSync(beside) ? beside : fromSource;
}

/**
 * One dispatcher shared by the query endpoint and the console, so a console page can do nothing
 * an API client could not: `queryHandler` builds it from the query endpoint's dependencies, and
 * the console plugin runs through it.
 * @example const wiring = sharedDispatcher(services); buildApp({ handle: wiring.queryHandler(deps), plugins: [wiring.consolePlugin(deps)] });
 */
export function sharedDispatcher(services: readonly QueryService[]) {
  let run: Dispatcher | undefined;
  return {
    queryHandler(deps: QueryDependencies) {
      run = dispatcher(services, deps);
      return queryHandler(services, deps, run);
    },
    consolePlugin(
      deps: Pick<ConsoleOptions, 'store' | 'secrets' | 'sms' | 'onError' | 'audit' | 'authorize'>,
    ): FastifyPluginAsync {
      return async (app) => {
        if (!run) throw new Error('The console needs the query dispatcher: build queryHandler first.');
        const files = await loadConsoleFiles(consoleDir());
        await app.register(
          consolePlugin({ ...deps, dispatcher: run, files, timeouts: CONSOLE_SESSION_TIMEOUTS }),
        );
      };
    },
  };
}
