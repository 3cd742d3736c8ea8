/**
 * The HTTP API benchmark: requests per second and latency of IAM `GetUser` and `ListUsers` (100
 * users in the account) under concurrent load, against the same load on the same server's
 * `/health` (Fastify and Node doing next to nothing), measured in the same run. The ratio shows what
 * the IAM path (SigV4 verification, model-driven decode, SQLite read, XML encode) costs.
 *
 * Three processes: this one starts the real server (`src/cli/main.ts serve`, as a user would) and a
 * load generator (bench/api-load.ts), and signs each scenario's request once with the AWS SDK's
 * signer; the load generator replays it (a SigV4 signature stays valid for 15 minutes).
 *
 * To profile the server under this load: `BENCH_API_PROFILE=.iamfa/profiles npm run bench`; the
 * server then runs with `--cpu-prof` and writes a .cpuprofile there when it stops.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signer } from '../test/support/signer.js';
import {
  cpuMs,
  createUsers,
  load,
  sendOnce,
  signIam,
  startLoadGenerator,
  startServer,
  stopLoadGenerator,
} from './api-harness.js';
import type { LoadJob, LoadResult, WireRequestSpec } from './api-load.js';
import type { BenchOptions } from './policy-engine.js';
import { formatCount, formatMicros, formatRatio, type Table } from './table.js';

const CONNECTIONS = 32;
/** With the administrator, the account then has 100 users: one ListUsers page (MaxItems 100). */
const EXTRA_USERS = 99;

interface Scenario {
  readonly name: string;
  readonly request: () => Promise<WireRequestSpec>;
  /** Whether a response body is the right answer (checked once before the load). */
  readonly expect: (body: string) => boolean;
}

interface Row {
  readonly scenario: string;
  readonly result: LoadResult;
  readonly rps: number;
  /** Server CPU time per request, µs (undefined where /proc is not readable). */
  readonly serverCpuUs: number | undefined;
  /** Server CPU in the window as a share of one core. */
  readonly serverCores: number | undefined;
}

/** Starts the server and the load generator, loads each scenario in turn, and returns the table. */
export async function apiBench(options: BenchOptions): Promise<Table> {
  const t = (ms: number): number => Math.max(100, Math.round(ms * options.scale));
  const warmupMs = t(1000);
  const durationMs = t(5000);
  const dataDir = await mkdtemp(join(tmpdir(), 'iamfa-bench-'));
  const admin = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  const server = await startServer(dataDir, admin);
  const generator = await startLoadGenerator().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const { url } = server;
    const iamSigner = signer(admin, 'iam');
    const names = Array.from({ length: EXTRA_USERS }, (_, i) => `bench-user-${String(i).padStart(3, '0')}`);
    await createUsers(iamSigner, url, names);
    const target = names[Math.floor(names.length / 2)] as string;

    const scenarios: Scenario[] = [
      {
        name: 'GET /health (reference)',
        request: async () => ({ method: 'GET', path: '/health', headers: { host: url.host }, body: '' }),
        expect: (body) => body.includes('"ok"'),
      },
      {
        name: `GetUser UserName=${target}`,
        request: () => signIam(iamSigner, url, { Action: 'GetUser', UserName: target }),
        expect: (body) => body.includes(`<UserName>${target}</UserName>`),
      },
      {
        name: `ListUsers (${names.length + 1} users)`,
        request: () => signIam(iamSigner, url, { Action: 'ListUsers' }),
        expect: (body) =>
          body.split('<member>').length - 1 === names.length + 1 && body.includes('<IsTruncated>false'),
      },
    ];

    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const request = await scenario.request();
      const check = await sendOnce(url, request);
      if (check.status !== 200 || !scenario.expect(check.body))
        throw new Error(`${scenario.name}: unexpected answer ${check.status} ${check.body.slice(0, 500)}`);

      const job: LoadJob = {
        targets: [{ url: url.href, request }],
        connections: CONNECTIONS,
        warmupMs,
        durationMs,
      };
      let cpuAtWindow: number | undefined;
      const sample = setTimeout(() => (cpuAtWindow = cpuMs(server.process.pid)), warmupMs);
      const result = await load(generator, job);
      clearTimeout(sample);
      const cpuAtEnd = cpuMs(server.process.pid);
      const requests = result.ok + result.errors;
      const serverMs =
        cpuAtWindow === undefined || cpuAtEnd === undefined ? undefined : cpuAtEnd - cpuAtWindow;
      rows.push({
        scenario: scenario.name,
        result,
        rps: result.ok / (result.elapsedNs / 1e9),
        serverCpuUs: serverMs === undefined ? undefined : (serverMs * 1000) / requests,
        serverCores: serverMs === undefined ? undefined : serverMs / (result.elapsedNs / 1e6),
      });
    }

    const health = rows[0]?.rps ?? NaN;
    const healthCpu = rows[0]?.serverCpuUs;
    const cores = (n: number | undefined): string => (n === undefined ? '?' : n.toFixed(2));
    const notes = [
      `${CONNECTIONS} keep-alive connections from a separate process (node:http, one request in flight each), ` +
        `${warmupMs / 1000} s warm-up then ${durationMs / 1000} s measured per scenario; the same signed request replayed.`,
      `ratio = requests/s ÷ /health requests/s on the same server in the same run; CPU/req = server CPU time ` +
        `per request (from /proc, 10 ms ticks) ÷ that of /health, which holds up better when the machine is busy.`,
      `Node ${process.version}, ${availableParallelism()} CPUs, shared by the server, the load generator and ` +
        `anything else running (load average ${loadavg()[0]?.toFixed(1)} at the end).`,
      'CPU busy in the measured window, in cores (1.00 = one core saturated): ' +
        rows
          .map(
            (r) =>
              `${r.scenario}: server ${cores(r.serverCores)}, load generator ${r.result.clientCpu.toFixed(2)}`,
          )
          .join('; '),
    ];
    for (const r of rows)
      if (r.result.errors > 0)
        notes.push(`ERRORS in ${r.scenario}: ${r.result.errors} (${r.result.errorSamples.join('; ')})`);
    const stderr = server.stderr().trim();
    if (stderr) notes.push(`server stderr: ${stderr.split('\n').slice(0, 5).join(' | ')}`);

    return {
      title: `HTTP API: IAM calls against /health on the same server (${CONNECTIONS} connections)`,
      columns: [
        'scenario',
        'requests/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'server CPU µs/req',
        'ratio vs /health',
        'CPU/req vs /health',
      ],
      rows: rows.map((r) => [
        r.scenario,
        formatCount(r.rps),
        // formatMicros is a three-significant-figure format; here it formats milliseconds.
        formatMicros(r.result.p50Ms),
        formatMicros(r.result.p99Ms),
        String(r.result.errors),
        r.serverCpuUs === undefined ? '?' : formatCount(r.serverCpuUs),
        formatRatio(r.rps / health),
        r.serverCpuUs === undefined || healthCpu === undefined ? '?' : formatRatio(r.serverCpuUs / healthCpu),
      ]),
      notes,
    };
  } finally {
    stopLoadGenerator(generator);
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
