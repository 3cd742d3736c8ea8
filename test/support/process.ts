import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Credentials } from './server.js';

/** The repository root: the server runs from source, with tsx resolved from its node_modules. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a server process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** `iamfa serve` running as a separate OS process, and SDK clients for it. */
export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  readonly dataDir: string;
  readonly admin: Credentials;
  /** Everything it has printed so far. */
  stdout(): string;
  stderr(): string;
  /** Settles when the process has ended, however it ended. */
  readonly exited: Promise<Exit>;
  /** Whether it is still running. */
  running(): boolean;
  /** An IAM client signed with the administrator's key unless other credentials are given. */
  iam(credentials?: Credentials): IAMClient;
  /** Sends a signal to this process (and no other). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then waits for the exit; SIGKILL if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<Exit & { readonly ms: number }>;
}

/** Every process started here and not yet ended: `reapServers` ends them if a test failed midway. */
const live = new Set<ChildProcess>();

/** SIGKILLs the server processes this module started that are still running, and waits for them. */
export async function reapServers(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/**
 * Starts `iamfa serve --port 0 --data-dir <dataDir>` from source in a new Node process, with the
 * administrator's key in the environment (used on the data directory's first run only), and waits
 * until it prints the address it listens on.
 */
export async function spawnServer(options: {
  readonly dataDir: string;
  readonly admin: Credentials;
  readonly startTimeoutMs?: number;
  /** More settings for it, e.g. IAMFA_DATABASE_URL. */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {};
  // Only our own settings: an IAMFA_* variable of the caller's must not reach the server.
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('IAMFA_')) env[name] = value;
  env.IAMFA_ADMIN_ACCESS_KEY_ID = options.admin.accessKeyId;
  env.IAMFA_ADMIN_SECRET_ACCESS_KEY = options.admin.secretAccessKey;
  Object.assign(env, options.env);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      options.dataDir,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  const exited = exitOf(child);
  void exited.then(() => live.delete(child));
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`iamfa did not start within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`));
    }, timeoutMs);
    const look = () => {
      const match = /iamfa listening on (https?:\/\/\S+)/.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(match[1]);
    };
    child.stdout?.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`iamfa exited (${code ?? signal}) before listening.\nstdout:\n${out}\nstderr:\n${err}`),
      );
    });
  });

  const clients: IAMClient[] = [];
  // Clients keep sockets open; once the server has gone there is nothing left for them to do.
  void exited.then(() => clients.forEach((c) => c.destroy()));
  return {
    pid: child.pid ?? -1,
    url,
    dataDir: options.dataDir,
    admin: options.admin,
    stdout: () => out,
    stderr: () => err,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    iam: (credentials = options.admin) => {
      const client = new IAMClient({
        endpoint: url,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
        // A call to a server that died must fail, never hang the test.
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
      });
      clients.push(client);
      return client;
    },
    kill: (signal) => {
      child.kill(signal);
    },
    stop: async (stopTimeoutMs = 10_000) => {
      const started = performance.now();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const exit = await exited;
      clearTimeout(timer);
      return { ...exit, ms: performance.now() - started };
    },
  };
}
