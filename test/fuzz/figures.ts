/**
 * Run counts and printed figures for the fuzz suites. `IAMFA_FUZZ_RUNS` scales every property (its
 * default count is modest so that `npm test` stays quick); `IAMFA_FUZZ_SEED` replays a run
 * (or, set to `random`, explores new inputs).
 */

/** The number of runs of a property: its default, times IAMFA_FUZZ_RUNS / 100 when that is set. */
export function fuzzRuns(defaultRuns: number): number {
  const scale = Number(process.env.IAMFA_FUZZ_RUNS ?? '');
  if (!Number.isFinite(scale) || scale <= 0) return defaultRuns;
  return Math.max(1, Math.round((defaultRuns * scale) / 100));
}

/** A test's time limit: `base` milliseconds at the default run counts, more when IAMFA_FUZZ_RUNS raises them. */
export function fuzzTimeout(base: number): number {
  return Math.max(base, Math.ceil((base * fuzzRuns(100)) / 100));
}

/**
 * The seed `npm test` runs with, so that the suite is the same on every run: a random input that
 * breaks something is found by exploring (`IAMFA_FUZZ_SEED=random`), fixed, and kept as a test.
 */
const DEFAULT_SEED = 60658945;

/** The seed to run with (printed with the figures so that a failure can be replayed). */
export function fuzzSeed(): number {
  const given = process.env.IAMFA_FUZZ_SEED;
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = given ? Number(given) : NaN;
  return Number.isSafeInteger(seed) ? seed : DEFAULT_SEED;
}

/** Counts inputs per property and distinct values (error codes…) per category, then prints them. */
export class Figures {
  readonly #inputs = new Map<string, number>();
  readonly #seen = new Map<string, Map<string, number>>();
  readonly #started = Date.now();

  constructor(
    private readonly suite: string,
    private readonly seed: number,
  ) {}

  /** One more input tried by `property`. */
  input(property: string): void {
    this.#inputs.set(property, (this.#inputs.get(property) ?? 0) + 1);
  }

  /** One more occurrence of `value` in `category` (e.g. an error code). */
  saw(category: string, value: string): void {
    let values = this.#seen.get(category);
    if (!values) this.#seen.set(category, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + 1);
  }

  /** The values seen in a category. */
  seen(category: string): ReadonlyMap<string, number> {
    return this.#seen.get(category) ?? new Map<string, number>();
  }

  /** The figures as lines of text. */
  report(extra: readonly string[] = []): string {
    const lines = [`fuzz figures: ${this.suite} (seed ${this.seed}, IAMFA_FUZZ_SEED to replay)`];
    let total = 0;
    for (const [property, n] of this.#inputs) {
      total += n;
      lines.push(`  ${String(n).padStart(7)}  ${property}`);
    }
    lines.push(
      `  ${String(total).padStart(7)}  inputs in all, in ${((Date.now() - this.#started) / 1000).toFixed(1)} s`,
    );
    lines.push(...extra.map((l) => `  ${l}`));
    for (const [category, values] of this.#seen) {
      const list = [...values]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([v, n]) => `${v}×${n}`);
      lines.push(`  ${values.size} distinct ${category}: ${list.join(', ')}`);
    }
    return lines.join('\n');
  }

  /** Prints the figures to stdout. */
  print(extra: readonly string[] = []): void {
    process.stdout.write(`\n${this.report(extra)}\n`);
  }
}
