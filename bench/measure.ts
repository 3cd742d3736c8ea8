/**
 * Timing with process.hrtime.bigint. A decision of iamfa takes about a microsecond, close to the
 * cost of reading the clock, so decisions are timed in batches: each batch runs long enough
 * (BATCH_TARGET_NS) for the clock to be noise, and its time divided by its size is one latency
 * sample. Percentiles are over those samples; throughput is decisions over total measured time.
 */

export interface Measurement {
  readonly decisions: number;
  readonly decisionsPerSecond: number;
  /** Per-decision latency, microseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Decisions per timed batch. */
  readonly batch: number;
}

export interface MeasureOptions {
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** A batch should last about this long, so the clock read is a small part of it. */
const BATCH_TARGET_NS = 50_000;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function summarize(samples: number[], decisions: number, totalNs: number, batch: number): Measurement {
  const sorted = Float64Array.from(samples).sort();
  return {
    decisions,
    decisionsPerSecond: decisions / (totalNs / 1e9),
    p50: percentile(sorted, 0.5) / 1000,
    p99: percentile(sorted, 0.99) / 1000,
    batch,
  };
}

/** Runs `run(i)` for i = 0, 1, 2, … : first to warm up, then timed in batches. */
export function measureSync(run: (i: number) => void, options: MeasureOptions): Measurement {
  let i = 0;
  const warmupEnd = process.hrtime.bigint() + BigInt(options.warmupMs) * 1_000_000n;
  let warm = 0;
  const warmStart = process.hrtime.bigint();
  while (process.hrtime.bigint() < warmupEnd) {
    for (let k = 0; k < 16; k++) run(i++);
    warm += 16;
  }
  const perRun = Number(process.hrtime.bigint() - warmStart) / Math.max(1, warm);
  const batch = Math.max(1, Math.min(4096, Math.round(BATCH_TARGET_NS / perRun)));

  const samples: number[] = [];
  let decisions = 0;
  let totalNs = 0;
  const budgetNs = options.durationMs * 1e6;
  while (totalNs < budgetNs) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) run(i++);
    const ns = Number(process.hrtime.bigint() - t0);
    samples.push(ns / batch);
    totalNs += ns;
    decisions += batch;
  }
  return summarize(samples, decisions, totalNs, batch);
}

/** As measureSync, for an engine whose decision is a promise (awaited one after another). */
export async function measureAsync(
  run: (i: number) => Promise<void>,
  options: MeasureOptions,
): Promise<Measurement> {
  let i = 0;
  const warmupEnd = process.hrtime.bigint() + BigInt(options.warmupMs) * 1_000_000n;
  let warm = 0;
  const warmStart = process.hrtime.bigint();
  while (process.hrtime.bigint() < warmupEnd) {
    await run(i++);
    warm++;
  }
  const perRun = Number(process.hrtime.bigint() - warmStart) / Math.max(1, warm);
  const batch = Math.max(1, Math.min(4096, Math.round(BATCH_TARGET_NS / perRun)));

  const samples: number[] = [];
  let decisions = 0;
  let totalNs = 0;
  const budgetNs = options.durationMs * 1e6;
  while (totalNs < budgetNs) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) await run(i++);
    const ns = Number(process.hrtime.bigint() - t0);
    samples.push(ns / batch);
    totalNs += ns;
    decisions += batch;
  }
  return summarize(samples, decisions, totalNs, batch);
}
