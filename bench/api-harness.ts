/**
 * What the HTTP API benchmarks share: the real server started as a user would (`src/cli/main.ts
 * serve`, in a process of its own), requests signed once with the AWS SDK's signer and replayed by
 * the load generator (bench/api-load.ts, another process), and the server's CPU time from /proc.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { LoadJob, LoadResult, WireRequestSpec } from './api-load.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IAM_VERSION = '2010-05-08';

export interface Server {
  readonly url: URL;
  readonly process: ChildProcess;
  /** What the server wrote to stderr so far (it reports unexpected failures there). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `iamfa serve` on a free loopback port, with the given administrator key (and `env`, e.g.
 * IAMFA_DATABASE_URL and IAMFA_ENCRYPTION_KEY for a node of several).
 */
export async function startServer(
  dataDir: string,
  admin: { accessKeyId: string; secretAccessKey: string },
  env: Readonly<Record<string, string>> = {},
): Promise<Server> {
  const profileDir = process.env['BENCH_API_PROFILE'];
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        IAMFA_ADMIN_ACCESS_KEY_ID: admin.accessKeyId,
        IAMFA_ADMIN_SECRET_ACCESS_KEY: admin.secretAccessKey,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /iamfa listening on (\S+)/.exec(stdout);
      if (match) resolve(new URL(match[1] as string));
    });
    child.once('exit', (code) =>
      reject(new Error(`iamfa serve exited (${code}) before listening: ${stderr}`)),
    );
  });
  // Drain stdout from here on, so the server never blocks on a full pipe.
  child.stdout?.removeAllListeners('data').resume();
  return {
    url,
    process: child,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  } satisfies Server;
}

/** A process's CPU time so far (user + system), ms, from /proc on Linux; undefined elsewhere. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses: state is the first, utime the 12th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // In clock ticks, which are 1/100 s on Linux (USER_HZ).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Signs an IAM query-protocol call as the AWS SDK does (POST, form body) and returns its bytes. */
export async function signIam(
  signer: SignatureV4,
  url: URL,
  params: Record<string, string>,
): Promise<WireRequestSpec> {
  const body = new URLSearchParams({ ...params, Version: IAM_VERSION }).toString();
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return { method: 'POST', path: '/', headers: signed.headers, body };
}

/** Sends a request once from this process: for setup, and to check each scenario's answer. */
export async function sendOnce(
  url: URL,
  request: WireRequestSpec,
): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(request.path, url), {
    method: request.method,
    headers: request.headers,
    ...(request.method === 'POST' && { body: request.body }),
  });
  return { status: response.status, body: await response.text() };
}

export async function createUsers(signer: SignatureV4, url: URL, names: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] as string;
      const { status, body } = await sendOnce(
        url,
        await signIam(signer, url, { Action: 'CreateUser', UserName: name }),
      );
      if (status !== 200) throw new Error(`CreateUser ${name}: ${status} ${body}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Runs one job in the load generator and waits for its result. */
export function load(generator: ChildProcess, job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
    generator.once('exit', onExit);
    generator.once('message', (result) => {
      generator.off('exit', onExit);
      resolve(result as LoadResult);
    });
    generator.send(job);
  });
}

/** Forks the load generator and waits until it is ready for jobs. */
export async function startLoadGenerator(): Promise<ChildProcess> {
  const generator = fork(fileURLToPath(new URL('api-load.ts', import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    generator.once('message', () => resolve());
    generator.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
  });
  return generator;
}

/** Stops the load generator. */
export function stopLoadGenerator(generator: ChildProcess): void {
  generator.disconnect();
  generator.kill();
}
