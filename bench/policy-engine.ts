/**
 * The policy engine benchmark: iamfa's PolicySet.evaluate against @cloud-copilot/iam-simulate
 * (AGPL; the baseline here and a test oracle, never imported from src/) on the same policies and
 * the same requests, in the same run.
 *
 * iamfa compiles a principal's policies once (as the server will) and is timed on evaluate alone;
 * each request's RequestContext is built beforehand. iam-simulate's runSimulation takes policy
 * JSON, validates it and resolves the action in its catalog on every call: that is its public API,
 * so that is what is timed; runUnsafeSimulation (no validation, no context-key checks, synchronous)
 * is shown as well, as the fastest way iam-simulate offers.
 */
import { readFile } from 'node:fs/promises';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import {
  formatIssue,
  parsePolicy,
  PolicySet,
  RequestContext,
  type AuthorizationRequest,
  type DecisionKind,
} from '../src/policy/index.js';
import { measureAsync, measureSync, type Measurement } from './measure.js';
import { ACCOUNT, PRINCIPAL_200_CONTEXTS, PRINCIPAL_200_REQUESTS, principal200 } from './principal-200.js';
import { formatCount, formatMicros, formatRatio, type Table } from './table.js';

type PolicyJson = Record<string, unknown>;

export interface BenchRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export interface Scenario {
  readonly name: string;
  readonly policies: readonly PolicyJson[];
  readonly requests: readonly BenchRequest[];
}

export interface BenchOptions {
  /** Scales every warm-up and measuring time (0.1 for a smoke run). */
  readonly scale: number;
}

const FIXTURES = new URL('../test/fixtures/policies/', import.meta.url);

async function fixture(name: string): Promise<PolicyJson> {
  return JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8')) as PolicyJson;
}

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** The seed bundle: Force_MFA and AmazonEC2FullAccess, attached to the user of the seed flows. */
export async function seedBundle(): Promise<Scenario> {
  const mfa = (present: boolean | undefined): Record<string, string> => ({
    'aws:username': 'alice',
    ...(present === undefined ? {} : { 'aws:MultiFactorAuthPresent': String(present) }),
    ...(present ? { 'aws:MultiFactorAuthAge': '120' } : {}),
  });
  return {
    name: 'seed bundle (Force_MFA + AmazonEC2FullAccess)',
    policies: [await fixture('000-force-mfa.json'), await fixture('aws-AmazonEC2FullAccess.json')],
    requests: [
      { action: 'ec2:DescribeInstances', resource: '*', context: mfa(undefined) },
      { action: 'ec2:DescribeInstances', resource: '*', context: mfa(false) },
      { action: 'ec2:DescribeInstances', resource: '*', context: mfa(true) },
      { action: 'iam:ChangePassword', resource: ALICE, context: mfa(false) },
      { action: 'iam:ChangePassword', resource: ALICE, context: mfa(true) },
      { action: 's3:ListAllMyBuckets', resource: '*', context: mfa(true) },
      { action: 'sts:GetSessionToken', resource: '*', context: mfa(undefined) },
      { action: 'sts:GetSessionToken', resource: '*', context: mfa(true) },
    ],
  };
}

/** The 200-statement principal of principal-200.ts, asked by two callers. */
export async function twoHundredStatements(): Promise<Scenario> {
  return {
    name: '200-statement principal (20 services)',
    policies: await principal200(),
    requests: PRINCIPAL_200_CONTEXTS.flatMap((context) =>
      PRINCIPAL_200_REQUESTS.map(([action, resource]) => ({ action, resource, context })),
    ),
  };
}

/** Parses and compiles a scenario's policies with iamfa, as the server does once per principal. */
export function compile(policies: readonly PolicyJson[]): PolicySet {
  return PolicySet.compile({
    identity: policies.map((document, i) => {
      const parsed = parsePolicy(JSON.stringify(document), { kind: 'managed' });
      if (!parsed.ok) throw new Error(`policy ${i}: ${parsed.errors.map(formatIssue).join('; ')}`);
      return { id: `p${i}`, type: 'user-managed', document: parsed.policy };
    }),
  });
}

function simulation(policies: readonly PolicyJson[], r: BenchRequest): Simulation {
  return {
    request: {
      principal: ALICE,
      action: r.action,
      resource: { resource: r.resource, accountId: ACCOUNT },
      contextVariables: Object.fromEntries(
        Object.entries(r.context).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
      ),
    },
    identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

const RESULT: Readonly<Record<string, DecisionKind>> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

/** Both engines must decide every request of the scenario alike, else the timing compares nothing. */
async function crossCheck(
  set: PolicySet,
  requests: readonly AuthorizationRequest[],
  sims: readonly Simulation[],
) {
  const mix: Record<DecisionKind, number> = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
  const mismatches: string[] = [];
  let unsafeDiffers = 0;
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i] as AuthorizationRequest;
    const ours = set.evaluate(request).decision;
    mix[ours]++;
    const result = await runSimulation(sims[i] as Simulation, {});
    const theirs =
      result.resultType === 'error' ? `error ${result.errors.message}` : RESULT[result.overallResult];
    if (ours !== theirs)
      mismatches.push(`${request.action} ${request.resource}: iamfa ${ours}, iam-simulate ${theirs}`);
    // runUnsafeSimulation skips the catalog look-ups, so it does not know that an action has no
    // resource types and lets an ARN in the policy match the request's `*`: it may differ there.
    if (RESULT[runUnsafeSimulation(sims[i] as Simulation, {})] !== theirs) unsafeDiffers++;
  }
  return { mix, mismatches, unsafeDiffers };
}

interface Row {
  readonly scenario: string;
  readonly engine: string;
  readonly m: Measurement;
}

/** Runs both scenarios and returns the table (and, as notes, the request mix and the goal check). */
export async function policyEngineBench(options: BenchOptions): Promise<Table> {
  const t = (ms: number): number => Math.max(50, Math.round(ms * options.scale));
  const rows: Row[] = [];
  const notes: string[] = [];
  let sink = 0;

  for (const scenario of [await seedBundle(), await twoHundredStatements()]) {
    const set = compile(scenario.policies);
    const requests: AuthorizationRequest[] = scenario.requests.map((r) => ({
      action: r.action,
      resource: r.resource,
      context: new RequestContext(r.context),
    }));
    const sims = scenario.requests.map((r) => simulation(scenario.policies, r));
    const n = requests.length;

    const { mix, mismatches, unsafeDiffers } = await crossCheck(set, requests, sims);
    notes.push(
      `${scenario.name}: ${scenario.policies.length} policies, ${n} requests in rotation ` +
        `(allowed ${mix.allowed}, explicit deny ${mix.explicitDeny}, implicit deny ${mix.implicitDeny})` +
        (mismatches.length
          ? `; DECISIONS DIFFER: ${mismatches.join('; ')}`
          : '; both engines decide all alike') +
        (unsafeDiffers ? ` (runUnsafeSimulation, which skips the catalog, differs on ${unsafeDiffers})` : ''),
    );

    const iamfa = measureSync(
      (i) => {
        sink += set.evaluate(requests[i % n] as AuthorizationRequest).decision.length;
      },
      { warmupMs: t(500), durationMs: t(2500) },
    );
    const simulate = await measureAsync(
      async (i) => {
        sink += (await runSimulation(sims[i % n] as Simulation, {})).resultType.length;
      },
      { warmupMs: t(500), durationMs: t(3000) },
    );
    const unsafe = measureSync(
      (i) => {
        sink += runUnsafeSimulation(sims[i % n] as Simulation, {}).length;
      },
      { warmupMs: t(300), durationMs: t(2000) },
    );
    rows.push(
      { scenario: scenario.name, engine: 'iamfa PolicySet.evaluate', m: iamfa },
      { scenario: scenario.name, engine: 'iam-simulate runSimulation', m: simulate },
      { scenario: scenario.name, engine: 'iam-simulate runUnsafeSimulation', m: unsafe },
    );
  }

  const baseline = (scenario: string): number =>
    rows.find((r) => r.scenario === scenario && r.engine === 'iam-simulate runSimulation')?.m
      .decisionsPerSecond ?? NaN;
  const seed = rows.filter((r) => r.scenario.startsWith('seed bundle'));
  const ours = seed.find((r) => r.engine.startsWith('iamfa'))?.m;
  const fastest = Math.max(
    ...seed.filter((r) => r.engine.startsWith('iam-simulate')).map((r) => r.m.decisionsPerSecond),
  );
  if (ours) {
    const vsApi = ours.decisionsPerSecond / baseline(seed[0]?.scenario ?? '');
    const vsFastest = ours.decisionsPerSecond / fastest;
    notes.push(
      `goal on the seed bundle: p50 < 2 µs: ${ours.p50 < 2 ? 'met' : 'NOT met'} (${formatMicros(ours.p50)} µs); ` +
        `> 100× iam-simulate: ${vsApi > 100 ? 'met' : 'NOT met'} (${formatRatio(vsApi)} runSimulation, ` +
        `${formatRatio(vsFastest)} its fastest mode)`,
    );
  }
  notes.push(
    'latency = time of a batch of decisions ÷ batch size (batch column); ratio = decisions/s ÷ iam-simulate ' +
      `runSimulation decisions/s on the same scenario. Node ${process.version}. (checksum ${sink % 997})`,
  );

  return {
    title: 'Policy engine: decisions on the same policies and requests',
    columns: ['scenario', 'engine', 'decisions/s', 'p50 µs', 'p99 µs', 'batch', 'ratio vs iam-simulate'],
    rows: rows.map(({ scenario, engine, m }) => [
      scenario,
      engine,
      formatCount(m.decisionsPerSecond),
      formatMicros(m.p50),
      formatMicros(m.p99),
      String(m.batch),
      formatRatio(m.decisionsPerSecond / baseline(scenario)),
    ]),
    notes,
  };
}
