/**
 * The load generator of the API benchmarks, run as a child process (forked by bench/api-harness.ts
 * with an IPC channel) so that it never shares a server's event loop nor the parent's. For each job
 * it receives, it replays a pre-signed request over `connections` keep-alive connections (node:http,
 * one request in flight per connection), spread over the job's targets (one per node, each signed
 * for its host), first for `warmupMs`, then for `durationMs` while
 * recording each request's latency, and answers with a LoadResult. It says `ready` once listening.
 */
import { Agent, request as httpRequest } from 'node:http';

/** A request exactly as it goes on the wire: signed once by the parent, replayed as is. */
export interface WireRequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where a connection sends its request: a server, and the request signed for it (host and all). */
export interface LoadTarget {
  readonly url: string;
  readonly request: WireRequestSpec;
}

export interface LoadJob {
  /** The connections are spread over these in turn (several nodes, as a load balancer would). */
  readonly targets: readonly LoadTarget[];
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadResult {
  /** Requests that started in the measured window and completed with 200. */
  readonly ok: number;
  /** Requests that started in the measured window and failed (status other than 200, or an error). */
  readonly errors: number;
  /** The first few failures, as `status 403` or the error's message. */
  readonly errorSamples: readonly string[];
  /** From the window's start to the last measured request's completion, nanoseconds. */
  readonly elapsedNs: number;
  /** Latency percentiles of the measured requests, milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU the load generator itself used in the window, as a share of one core (1 = one core busy). */
  readonly clientCpu: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const senders = job.targets.map((target) => {
    const url = new URL(target.url);
    const body = Buffer.from(target.request.body);
    const options = {
      agent,
      host: url.hostname,
      port: Number(url.port),
      method: target.request.method,
      path: target.request.path,
      headers: { ...target.request.headers, 'content-length': String(body.length) },
    };
    /** Sends the request once; resolves with the status, or the error's message. */
    return (): Promise<number | string> =>
      new Promise((resolve) => {
        const req = httpRequest(options, (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', (error) => resolve(error.message));
        });
        req.on('error', (error) => resolve(error.message));
        req.end(body);
      });
  });

  const start = process.hrtime.bigint();
  const windowStart = start + BigInt(job.warmupMs) * 1_000_000n;
  const windowEnd = windowStart + BigInt(job.durationMs) * 1_000_000n;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let lastDone = windowStart;
  let cpuAtWindow: NodeJS.CpuUsage | undefined;

  const connection = async (index: number): Promise<void> => {
    const send = senders[index % senders.length] as () => Promise<number | string>;
    for (;;) {
      const t0 = process.hrtime.bigint();
      if (t0 >= windowEnd) return;
      const outcome = await send();
      const t1 = process.hrtime.bigint();
      if (t0 < windowStart) continue;
      cpuAtWindow ??= process.cpuUsage();
      lastDone = t1;
      if (outcome === 200) latencies.push(Number(t1 - t0) / 1e6);
      else {
        errors++;
        if (errorSamples.length < 3)
          errorSamples.push(typeof outcome === 'number' ? `status ${outcome}` : outcome);
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, i) => connection(i)));
  const cpu = process.cpuUsage(cpuAtWindow);
  agent.destroy();

  const elapsedNs = Number(lastDone - windowStart);
  const sorted = Float64Array.from(latencies).sort();
  return {
    ok: latencies.length,
    errors,
    errorSamples,
    elapsedNs,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    clientCpu: (cpu.user + cpu.system) / 1000 / (elapsedNs / 1e6),
  };
}

process.on('message', (job: LoadJob) => {
  void run(job).then((result) => process.send?.(result));
});
process.send?.('ready');
