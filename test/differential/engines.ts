/**
 * The two engines behind one call shape: iamfa's policy engine (parse, compile, evaluate) and
 * @cloud-copilot/iam-simulate (AGPL; used here only as a test oracle, never from src/).
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import {
  formatIssue,
  parsePolicy,
  PolicySet,
  RequestContext,
  type DecisionKind,
  type SourcedPolicy,
} from '../../src/policy/index.js';
import { ACCOUNT, ACTIONS, ALL_KEYS, isMultiValued, principalArn } from './catalog.js';

/** A policy document as JSON: what both engines are given. */
export type PolicyJson = { readonly [key: string]: unknown };

/** A request: action, resource ARN (or `*`), and the request context as strings and lists. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

/** Parses and compiles policies with iamfa; throws with every parse error when one is invalid. */
export function compileIamfa(policies: readonly PolicyJson[]): PolicySet {
  const identity: SourcedPolicy[] = policies.map((document, i) => {
    const parsed = parsePolicy(JSON.stringify(document, null, 2), { kind: 'managed' });
    if (!parsed.ok) {
      throw new Error(`iamfa rejected policy ${i}: ${parsed.errors.map(formatIssue).join('; ')}`);
    }
    return { id: `p${i}`, type: 'user-managed', document: parsed.policy };
  });
  return PolicySet.compile({ identity });
}

/** iamfa's decision for a request. */
export function decideIamfa(policies: readonly PolicyJson[], request: Request): DecisionKind {
  return compileIamfa(policies).evaluate({
    action: request.action,
    resource: request.resource,
    context: new RequestContext(request.context),
  }).decision;
}

const RESULT: Readonly<Record<string, DecisionKind>> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

function simulation(policies: readonly PolicyJson[], request: Request): Simulation {
  const username = request.context['aws:username'];
  return {
    request: {
      principal: principalArn(typeof username === 'string' ? username : undefined),
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      contextVariables: Object.fromEntries(
        Object.entries(request.context).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
      ),
    },
    identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

/**
 * iam-simulate's decision for a request, in iamfa's words. Throws when iam-simulate refuses the
 * input, drops a context key, or runs more than one simulation: each means the generator left the
 * space both engines are meant to agree on.
 */
export async function decideIamSimulate(
  policies: readonly PolicyJson[],
  request: Request,
): Promise<DecisionKind> {
  const result = await runSimulation(simulation(policies, request), { simulationMode: 'Strict' });
  if (result.resultType === 'error')
    throw new Error(`iam-simulate refused: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`iam-simulate ran ${result.resultType} simulations`);
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) throw new Error(`iam-simulate ignored context keys ${ignored.join(', ')}`);
  const decision = RESULT[result.overallResult];
  if (!decision) throw new Error(`iam-simulate answered ${result.overallResult}`);
  return decision;
}

/** A sample value of each catalog key, to ask iam-simulate which keys apply to a request. */
const SAMPLE_CONTEXT: Readonly<Record<string, string | readonly string[]>> = Object.fromEntries(
  ALL_KEYS.map((k) => [
    k.name,
    isMultiValued(k) ? [k.contextValues[0] as string] : (k.contextValues[0] as string),
  ]),
);

/**
 * For each catalog action and resource, the catalog keys a request context may carry: AWS only
 * puts a key in the context where it applies (`aws:RequestTag/…` on tagging actions), and
 * iam-simulate drops the others before evaluating, so the generator must not send them.
 */
export async function applicableKeys(): Promise<ReadonlyMap<string, readonly string[]>> {
  const table = new Map<string, readonly string[]>();
  for (const { action, resources } of ACTIONS) {
    for (const resource of resources) {
      const result = await runSimulation(
        simulation(
          [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
          {
            action,
            resource,
            context: SAMPLE_CONTEXT,
          },
        ),
        { simulationMode: 'Strict' },
      );
      if (result.resultType !== 'single') {
        throw new Error(
          `catalog: iam-simulate cannot simulate ${action} on ${resource}: ${JSON.stringify(result)}`,
        );
      }
      const ignored = new Set(result.result.ignoredContextKeys ?? []);
      table.set(
        requestKey(action, resource),
        Object.keys(SAMPLE_CONTEXT).filter((k) => !ignored.has(k)),
      );
    }
  }
  return table;
}

/** The applicableKeys table's key for an action and resource. */
export function requestKey(action: string, resource: string): string {
  return `${action} ${resource}`;
}
