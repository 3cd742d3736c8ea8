/**
 * `npm run bench`: runs each benchmark and prints its table. A benchmark is a function returning a
 * Table (bench/table.ts); add one to BENCHMARKS to get another table.
 * `BENCH_SCALE=0.1 npm run bench` shortens every measurement for a smoke run.
 */
import { apiBench } from './api.js';
import { apiPostgresBench } from './api-postgres.js';
import { policyEngineBench, type BenchOptions } from './policy-engine.js';
import { formatTable, type Table } from './table.js';

const BENCHMARKS: readonly ((options: BenchOptions) => Promise<Table>)[] = [
  policyEngineBench,
  apiBench,
  apiPostgresBench,
];

const options: BenchOptions = { scale: Number(process.env['BENCH_SCALE'] ?? 1) };
const started = performance.now();
for (const bench of BENCHMARKS) {
  console.log(formatTable(await bench(options)));
  console.log();
}
console.log(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
