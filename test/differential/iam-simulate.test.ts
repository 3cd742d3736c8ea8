/**
 * Differential test: iamfa's policy engine against @cloud-copilot/iam-simulate (AGPL, a test
 * oracle only) on generated identity policies and requests. Both must reach the same decision
 * (allowed, explicit deny, implicit deny) everywhere in the main space (arbitraries.ts); where
 * iamfa follows the AWS documentation and iam-simulate does not, the departure is generated
 * apart and checked against the documented reading (departures.ts, variables.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionKind } from '../../src/policy/index.js';
import { pair, type Applicable, type Pair } from './arbitraries.js';
import { DEPARTURES, type Departure } from './departures.js';
import { applicableKeys, decideIamfa, decideIamSimulate, requestKey } from './engines.js';
import { minimize } from './minimize.js';
import { UNDOCUMENTED_CASES } from './undocumented.js';
import { MISSING_VARIABLE_CASES, VARIABLES_WITH_NO_VALUE, variablesResolve } from './variables.js';

/** Pairs in the main space; at least 10,000 (the floor). */
const MAIN_RUNS = Number(process.env['IAMFA_DIFF_RUNS'] ?? 10_000);
/** Pairs per departure. */
const DEPARTURE_RUNS = Math.max(500, Math.round(MAIN_RUNS / 10));
/** A fixed seed by default, so a failure reproduces; IAMFA_DIFF_SEED explores others. */
const SEED = Number(process.env['IAMFA_DIFF_SEED'] ?? 20_240_101);

let applicable: Applicable = () => [];

const stats = {
  main: {
    compared: 0,
    failed: false,
    decisions: { allowed: 0, explicitDeny: 0, implicitDeny: 0 } as Record<DecisionKind, number>,
  },
  departures: new Map<string, { pairs: number; differRaw: number; failed: boolean }>(),
};

beforeAll(async () => {
  const table = await applicableKeys();
  applicable = (action, resource) => table.get(requestKey(action, resource)) ?? [];
});

afterAll(() => {
  const { compared, failed, decisions } = stats.main;
  const pct = (n: number): string => `${compared ? Math.round((100 * n) / compared) : 0}%`;
  const departures = [...stats.departures]
    .map(
      ([id, { pairs, differRaw, failed: f }]) =>
        `${id} ${pairs} pairs/${differRaw} differ raw${f ? ' (FAILED: iamfa differs from the AWS reading)' : ''}`,
    )
    .join('; ');
  console.log(
    `differential iamfa vs iam-simulate: ${compared} pairs compared${failed ? ', then an UNEXPLAINED disagreement' : ', 0 unexplained'} (allowed ${pct(decisions.allowed)}, ` +
      `explicit deny ${pct(decisions.explicitDeny)}, implicit deny ${pct(decisions.implicitDeny)}), ` +
      `seed ${SEED}; departures: ${departures}`,
  );
});

/** A pair and both answers (or why an engine could not answer), for a failure message. */
async function describePair(p: Pair, extra = ''): Promise<string> {
  const answer = async (f: () => string | Promise<string>): Promise<string> => {
    try {
      return await f();
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  const ours = await answer(() => decideIamfa(p.policies, p.request));
  const theirs = await answer(() => decideIamSimulate(p.policies, p.request));
  return [
    `policies: ${JSON.stringify(p.policies, null, 2)}`,
    `request: ${JSON.stringify(p.request)}`,
    `iamfa: ${ours}   iam-simulate: ${theirs}${extra}`,
  ].join('\n');
}

function rawDiffers(p: Pair): Promise<boolean> {
  return decideIamSimulate(p.policies, p.request).then(
    (theirs) => theirs !== decideIamfa(p.policies, p.request),
  );
}

describe('iamfa agrees with iam-simulate', () => {
  it(`on ${MAIN_RUNS} generated policy/request pairs`, async () => {
    const result = await fc.check(
      fc.asyncProperty(pair(applicable), async (p) => {
        const ours = decideIamfa(p.policies, p.request);
        const theirs = await decideIamSimulate(p.policies, p.request);
        if (ours !== theirs) return false;
        stats.main.compared++;
        stats.main.decisions[ours]++;
        return true;
      }),
      { numRuns: MAIN_RUNS, seed: SEED },
    );
    stats.main.compared = result.numRuns - (result.failed ? 1 : 0);
    stats.main.failed = result.failed;
    if (result.failed) {
      const shrunk = (result.counterexample?.[0] ?? undefined) as Pair | undefined;
      if (!shrunk) throw new Error(`differential check failed: ${String(result.errorInstance)}`);
      const minimal = await minimize(shrunk, async (p) => variablesResolve(p) && (await rawDiffers(p)));
      expect.fail(
        `iamfa and iam-simulate disagree (no known departure explains it) after ${stats.main.compared} agreeing ` +
          `pairs; seed ${SEED}, path ${result.counterexamplePath}. Minimal counterexample:\n` +
          (await describePair(minimal)),
      );
    }
  });
});

/** The example and the property of one departure. */
function departureTests(d: Departure): void {
  it(`${d.id}, example: ${d.rule}`, async () => {
    const { pair: p, aws, iamSimulate } = d.example;
    const ours = decideIamfa(p.policies, p.request);
    const theirs = await decideIamSimulate(p.policies, p.request);
    const reading = d.awsReading(p);
    const documented = await decideIamSimulate(reading.policies, reading.request);
    console.log(`${d.id}: iamfa ${ours}, iam-simulate ${theirs}, AWS (documented) ${aws}`);
    // The reading must say what the documentation says, and the departure must still exist.
    expect(documented, 'the AWS reading of the example').toBe(aws);
    expect(theirs, 'iam-simulate still departs here (else drop this departure)').toBe(iamSimulate);
    expect(ours, `iamfa must answer as AWS documents: ${d.source}`).toBe(aws);
  });

  it(`${d.id}: iamfa answers every generated pair as iam-simulate answers its AWS reading`, async () => {
    const counts = { pairs: 0, differRaw: 0, failed: false };
    stats.departures.set(d.id, counts);
    const differsFromReading = async (p: Pair): Promise<boolean> => {
      const reading = d.awsReading(p);
      return (
        decideIamfa(p.policies, p.request) !== (await decideIamSimulate(reading.policies, reading.request))
      );
    };
    const result = await fc.check(
      fc.asyncProperty(d.pairs(applicable), async (p) => {
        if (await differsFromReading(p)) return false;
        counts.pairs++;
        if (await rawDiffers(p)) counts.differRaw++;
        return true;
      }),
      { numRuns: DEPARTURE_RUNS, seed: SEED },
    );
    counts.failed = result.failed;
    if (result.failed) {
      const shrunk = result.counterexample?.[0] as Pair | undefined;
      if (!shrunk) throw new Error(`${d.id} failed: ${String(result.errorInstance)}`);
      const minimal = await minimize(shrunk, differsFromReading);
      const reading = d.awsReading(minimal);
      const documented = await decideIamSimulate(reading.policies, reading.request);
      expect.fail(
        `${d.id}: iamfa differs from the documented reading (${d.source}). Minimal counterexample:\n` +
          (await describePair(minimal, `   AWS (documented): ${documented}`)),
      );
    }
    expect(counts.differRaw, 'the generator must exercise the departure').toBeGreaterThan(0);
  });
}

describe('departures: iamfa follows the AWS documentation, iam-simulate does not', () => {
  for (const d of DEPARTURES) departureTests(d);
});

describe('policy variables with no value (IAM User Guide, "Policy variables with no value")', () => {
  departureTests(VARIABLES_WITH_NO_VALUE);

  for (const c of MISSING_VARIABLE_CASES) {
    it(c.name, async () => {
      const ours = decideIamfa(c.pair.policies, c.pair.request);
      const theirs = await decideIamSimulate(c.pair.policies, c.pair.request);
      console.log(
        `${c.name.slice(0, 60)}…: iamfa ${ours}, iam-simulate ${theirs}, AWS (documented) ${c.aws}`,
      );
      expect(ours, await describePair(c.pair)).toBe(c.aws);
    });
  }
});

describe('undocumented: an operator without a set qualifier on a multivalued key', () => {
  for (const c of UNDOCUMENTED_CASES) {
    it(c.name, async () => {
      const ours = decideIamfa(c.pair.policies, c.pair.request);
      const theirs = await decideIamSimulate(c.pair.policies, c.pair.request);
      console.log(`${c.name}: iamfa ${ours}, iam-simulate ${theirs} (AWS documents neither)`);
      expect(ours, 'iamfa keeps the rule of src/policy/conditions/clause.ts').toBe(c.iamfa);
      expect(theirs, 'iam-simulate still answers so').toBe(c.iamSimulate);
    });
  }
});
