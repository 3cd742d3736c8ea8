/**
 * Signed-request throughput on PostgreSQL: IAM `GetUser` and `ListUsers` (100 users) through one
 * node, and through two nodes sharing the database (the load generator's connections spread over
 * both, as a load balancer would), each beside the same load on one node on SQLite — the embedded
 * default, and the reference — measured in the same run, interleaved scenario by scenario.
 *
 * Every request is authenticated (SigV4, the access key read from the database), authorized (the
 * policy generation read, compiled policies cached) and answered from the database, so the ratio
 * shows what a network round trip per query costs against SQLite's in-process reads, and what a
 * second node buys on this machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_POSTGRES, type TestDatabase } from '../test/support/database.js';
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
  type Server,
} from './api-harness.js';
import type { LoadResult, LoadTarget } from './api-load.js';
import type { BenchOptions } from './policy-engine.js';
import { formatCount, formatMicros, formatRatio, type Table } from './table.js';

const CONNECTIONS = 32;
const EXTRA_USERS = 99;

/** A way of serving: its nodes (the load is spread over them). */
interface Setup {
  readonly name: string;
  readonly nodes: readonly Server[];
}

interface Row {
  readonly scenario: string;
  readonly setup: string;
  readonly result: LoadResult;
  readonly rps: number;
  /** The nodes' CPU time per request, µs (PostgreSQL's own processes not included). */
  readonly serverCpuUs: number | undefined;
}

/** The nodes' CPU time so far, summed; undefined if any is unreadable. */
function nodesCpuMs(nodes: readonly Server[]): number | undefined {
  let total = 0;
  for (const node of nodes) {
    const ms = cpuMs(node.process.pid);
    if (ms === undefined) return undefined;
    total += ms;
  }
  return total;
}

/** The table, or a one-line one saying why it could not be measured. */
export async function apiPostgresBench(options: BenchOptions): Promise<Table> {
  const title = `HTTP API on PostgreSQL: one node and two nodes against one node on SQLite (${CONNECTIONS} connections)`;
  let database: TestDatabase;
  try {
    database = await createTestDatabase();
  } catch (error) {
    return {
      title,
      columns: ['scenario'],
      rows: [],
      notes: [
        `skipped: no PostgreSQL at ${TEST_POSTGRES} (${error instanceof Error ? error.message : String(error)})`,
      ],
    };
  }
  const t = (ms: number): number => Math.max(100, Math.round(ms * options.scale));
  const warmupMs = t(1000);
  const durationMs = t(5000);
  const admin = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  // What the PostgreSQL nodes share besides the database: the key sealing secrets at rest.
  const shared = {
    IAMFA_DATABASE_URL: database.url,
    IAMFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const dataDirs: string[] = [];
  const servers: Server[] = [];
  const start = async (env: Record<string, string> = {}): Promise<Server> => {
    const dir = await mkdtemp(join(tmpdir(), 'iamfa-bench-'));
    dataDirs.push(dir);
    const server = await startServer(dir, admin, env);
    servers.push(server);
    return server;
  };
  const generator = await startLoadGenerator();
  try {
    const sqlite = await start();
    const first = await start(shared);
    const second = await start(shared);
    const iamSigner = signer(admin, 'iam');
    const names = Array.from({ length: EXTRA_USERS }, (_, i) => `bench-user-${String(i).padStart(3, '0')}`);
    await createUsers(iamSigner, sqlite.url, names);
    await createUsers(iamSigner, first.url, names);
    const target = names[Math.floor(names.length / 2)] as string;
    const setups: Setup[] = [
      { name: 'SQLite, 1 node (reference)', nodes: [sqlite] },
      { name: 'PostgreSQL, 1 node', nodes: [first] },
      { name: 'PostgreSQL, 2 nodes', nodes: [first, second] },
    ];
    const scenarios = [
      {
        name: `GetUser UserName=${target}`,
        params: { Action: 'GetUser', UserName: target },
        expect: (body: string) => body.includes(`<UserName>${target}</UserName>`),
      },
      {
        name: `ListUsers (${names.length + 1} users)`,
        params: { Action: 'ListUsers' },
        expect: (body: string) => body.split('<member>').length - 1 === names.length + 1,
      },
    ];

    const rows: Row[] = [];
    for (const scenario of scenarios) {
      for (const setup of setups) {
        const targets: LoadTarget[] = [];
        for (const node of setup.nodes) {
          const request = await signIam(iamSigner, node.url, scenario.params);
          const check = await sendOnce(node.url, request);
          if (check.status !== 200 || !scenario.expect(check.body))
            throw new Error(`${scenario.name} on ${setup.name}: ${check.status} ${check.body.slice(0, 300)}`);
          targets.push({ url: node.url.href, request });
        }
        let cpuAtWindow: number | undefined;
        const sample = setTimeout(() => (cpuAtWindow = nodesCpuMs(setup.nodes)), warmupMs);
        const result = await load(generator, { targets, connections: CONNECTIONS, warmupMs, durationMs });
        clearTimeout(sample);
        const cpuAtEnd = nodesCpuMs(setup.nodes);
        const serverMs =
          cpuAtWindow === undefined || cpuAtEnd === undefined ? undefined : cpuAtEnd - cpuAtWindow;
        rows.push({
          scenario: scenario.name,
          setup: setup.name,
          result,
          rps: result.ok / (result.elapsedNs / 1e9),
          serverCpuUs: serverMs === undefined ? undefined : (serverMs * 1000) / (result.ok + result.errors),
        });
      }
    }

    const reference = (scenario: string): Row | undefined =>
      rows.find((r) => r.scenario === scenario && r.setup === setups[0]?.name);
    const notes = [
      `${CONNECTIONS} keep-alive connections from a separate process, spread evenly over the nodes; ` +
        `${warmupMs / 1000} s warm-up then ${durationMs / 1000} s measured per row; scenarios interleaved.`,
      'ratio = requests/s ÷ the SQLite node’s requests/s for the same scenario in the same run; ' +
        'node CPU = the iamfa processes’ CPU time per request (PostgreSQL’s own processes not counted).',
      `Node ${process.version}, ${availableParallelism()} CPUs shared by the nodes, PostgreSQL, the load ` +
        `generator and anything else running (load average ${loadavg()[0]?.toFixed(1)} at the end): ` +
        'a second node adds throughput only where there are cores to run it.',
    ];
    for (const r of rows)
      if (r.result.errors > 0)
        notes.push(
          `ERRORS in ${r.scenario} on ${r.setup}: ${r.result.errors} (${r.result.errorSamples.join('; ')})`,
        );
    for (const server of servers) {
      const stderr = server.stderr().trim();
      if (stderr) notes.push(`server stderr: ${stderr.split('\n').slice(0, 3).join(' | ')}`);
    }
    return {
      title,
      columns: [
        'scenario',
        'setup',
        'requests/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'node CPU µs/req',
        'ratio vs SQLite',
      ],
      rows: rows.map((r) => {
        const base = reference(r.scenario);
        return [
          r.scenario,
          r.setup,
          formatCount(r.rps),
          formatMicros(r.result.p50Ms),
          formatMicros(r.result.p99Ms),
          String(r.result.errors),
          r.serverCpuUs === undefined ? '?' : formatCount(r.serverCpuUs),
          base ? formatRatio(r.rps / base.rps) : '?',
        ];
      }),
      notes,
    };
  } finally {
    stopLoadGenerator(generator);
    await Promise.all(servers.map((server) => server.stop()));
    await database.drop();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
