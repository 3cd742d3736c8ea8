import type { ContextValue, RequestContext } from '../context.js';
import type { AuthorizationRequest } from '../evaluate.js';
import { explain, formatExplanation } from '../explain.js';
import type { CompiledStatement } from '../statement.js';
import { contextVariants, fixedKeyTest, freeKeySamples, type ContextVariants } from './context-variants.js';
import { arnsMatching, type ArnDefaults } from './instantiate.js';
import {
  WITHOUT_MFA,
  type AllowingStatement,
  type Counterexample,
  type CredentialKind,
  type Finding,
  type ProofInput,
  type ProofResult,
  type ResourceCandidate,
} from './types.js';

/**
 * Why the proof is complete for the actions it is given. A request's decision depends on:
 * - its action: every action of the input is proved, one by one. An action that no Allow
 *   statement of the identity (or resource) policies names is implicitly denied whatever the
 *   request, so it is settled without evaluating anything;
 * - its resource, only through which Resource/NotResource patterns match it: the proof tries the
 *   catalog's ARNs for the action (filled with the principal's own names and with someone
 *   else's), `*` where the action allows it, and ARNs instantiated from every Resource and
 *   NotResource pattern of the statements that name the action (each wildcard empty and
 *   non-empty), so each pattern is matched by some candidate and missed by another;
 * - its context, through the conditions: the MFA keys are set by the credential kind (absent,
 *   false, true); the principal's facts are fixed; every other key a condition reads is tried left
 *   out and at values on each side of each condition value (see context-variants.ts).
 * Within those candidates every combination is evaluated by the same engine that enforces.
 */

/** How many contexts are tried per action, resource and kind before one key at a time. */
const DEFAULT_CONTEXT_LIMIT = 256;

/** How often progress is reported, in actions. */
const PROGRESS_EVERY = 500;

const KINDS: readonly CredentialKind[] = ['absent', 'false', 'true'];

/** What the statements naming an action make worth trying, shared by actions named by the same ones. */
interface Prepared {
  readonly resources: readonly ResourceCandidate[];
  readonly variants: Readonly<Record<CredentialKind, ContextVariants>>;
}

interface Hit {
  readonly request: AuthorizationRequest;
  readonly chosen: Readonly<Record<string, ContextValue | undefined>>;
  readonly kind: CredentialKind;
}

function arnDefaults(context: RequestContext, service: string): ArnDefaults {
  const arn = context.get('aws:principalarn');
  const account = context.get('aws:principalaccount');
  const region = context.get('aws:requestedregion');
  return {
    partition: (typeof arn === 'string' ? arn.split(':')[1] : undefined) ?? 'aws',
    service,
    region: typeof region === 'string' ? region : 'us-east-1',
    account: typeof account === 'string' ? account : '',
  };
}

/** The ARN's account part when it names one: a request on it is cross-account unless it is ours. */
function resourceAccount(arn: string): string | undefined {
  const account = arn.split(':', 5)[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function serviceOf(arn: string): string | undefined {
  return arn.split(':', 3)[2]?.toLowerCase();
}

function contextRecord(context: RequestContext): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const key of context.keys()) {
    const value = context.get(key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function counterexample(input: ProofInput, hit: Hit): Counterexample {
  const explanation = explain(input.policies, hit.request);
  const allowedBy: AllowingStatement[] = explanation.statements
    .filter((t) => t.applies && !t.statement.deny)
    .map(({ statement: s }) => ({
      policy: s.source.id,
      sid: s.statement.sid,
      index: s.statement.index,
      line: s.statement.span.start.line,
      column: s.statement.span.start.column,
    }));
  return {
    action: hit.request.action,
    resource: hit.request.resource,
    kind: hit.kind,
    context: contextRecord(hit.request.context),
    chosen: hit.chosen,
    allowedBy,
    explanation: formatExplanation(hit.request, explanation),
  };
}

/** One action's requests of one credential kind. */
interface Search {
  readonly action: string;
  readonly resources: readonly ResourceCandidate[];
  readonly kind: CredentialKind;
  readonly variants: ContextVariants['contexts'];
  /** Whether the action is on the self-service list (exempt without MFA on non-others' resources). */
  readonly exemptable: boolean;
}

interface SearchResult {
  /** The first request that is allowed and, without MFA, not exempt. */
  readonly hit: Hit | undefined;
  /** Whether a self-service request was allowed on a resource where it is exempt. */
  readonly exemptAllowed: boolean;
  readonly requests: number;
}

function search(input: ProofInput, { action, resources, kind, variants, exemptable }: Search): SearchResult {
  const withoutMfa = WITHOUT_MFA.includes(kind);
  let exemptAllowed = false;
  let requests = 0;
  for (const { arn, owner } of resources) {
    const exempt = withoutMfa && exemptable && owner !== 'other';
    for (const { context, chosen } of variants) {
      requests++;
      const request: AuthorizationRequest = {
        action,
        resource: arn,
        context,
        principal: input.principal,
        resourceAccount: resourceAccount(arn),
      };
      if (input.policies.evaluate(request).decision !== 'allowed') continue;
      if (!exempt) return { hit: { request, chosen, kind }, exemptAllowed, requests };
      // Exempt here; the next resource may be someone else's.
      exemptAllowed = true;
      break;
    }
  }
  return { hit: undefined, exemptAllowed, requests };
}

/**
 * Proves that the policies allow nothing without MFA beyond the self-service list: evaluates
 * every action on every resource candidate with every credential kind, and returns each action
 * a request without MFA gets through, with a concrete counterexample per kind.
 *
 * @example
 * const { findings } = proveMfa({ policies, actions, contexts, selfService, fixedKeys: ['aws:username'] });
 * findings.map((f) => f.action); // ['ec2:RunInstances', …]
 */
export function proveMfa(input: ProofInput): ProofResult {
  const { policies, contexts, selfService } = input;
  const limit = input.maxContextVariants ?? DEFAULT_CONTEXT_LIMIT;
  const isFixed = fixedKeyTest(input.fixedKeys.map((k) => k.toLowerCase()));
  const statements = [policies.identity, policies.resource, policies.boundary, policies.session].flatMap(
    (group) => group?.statements ?? [],
  );
  const numbers = new Map(statements.map((s, i) => [s, i]));
  const prepared = new Map<string, Prepared>();

  const prepare = (service: string, relevant: readonly CompiledStatement[]): Prepared => {
    const key = `${service}|${relevant.map((s) => numbers.get(s)).join(',')}`;
    let p = prepared.get(key);
    if (p) return p;
    const base = contexts.true;
    const defaults = arnDefaults(base, service);
    const arns = new Set<string>();
    for (const s of relevant)
      for (const { value } of s.statement.resource?.values ?? [])
        if (value !== '*') for (const arn of arnsMatching(value, base, defaults)) arns.add(arn);
    const variants = {} as Record<CredentialKind, ContextVariants>;
    for (const kind of KINDS)
      variants[kind] = contextVariants(
        contexts[kind],
        freeKeySamples(relevant, contexts[kind], isFixed),
        limit,
      );
    p = { resources: [...arns].map((arn) => ({ arn, owner: 'any' as const })), variants };
    prepared.set(key, p);
    return p;
  };

  const findings: Finding[] = [];
  const contextLimited: string[] = [];
  let requests = 0;
  let named = 0;
  let allowedWithMfa = 0;
  let selfServiceAllowed = 0;
  const total = input.actions.length;

  input.actions.forEach(({ action, resources: catalogResources }, done) => {
    if (done % PROGRESS_EVERY === 0) input.onProgress?.(done, total);
    const lower = action.toLowerCase();
    const relevant = statements.filter((s) => s.matchesAction(lower, contexts.true));
    // Without an Allow naming it, an action is implicitly denied whatever the request.
    if (!relevant.some((s) => !s.deny && (s.category === 'identity' || s.category === 'resource'))) return;
    named++;
    const service = lower.slice(0, lower.indexOf(':'));
    const p = prepare(service, relevant);
    // Only ARNs of the services the action's own resources live in: an S3 action never acts on
    // an IAM user, and trying it there would report what no request can do.
    const services = new Set([service, ...catalogResources.map((r) => serviceOf(r.arn))]);
    const seen = new Set(catalogResources.map((r) => r.arn));
    const resources = [
      ...catalogResources,
      ...p.resources.filter((r) => !seen.has(r.arn) && services.has(serviceOf(r.arn))),
    ];
    const exemptable = selfService.has(action);
    const hits: Hit[] = [];
    let limited = false;
    let exemptAllowed = false;
    for (const kind of KINDS) {
      const variants = p.variants[kind];
      limited ||= variants.limited;
      const found = search(input, { action, resources, kind, variants: variants.contexts, exemptable });
      requests += found.requests;
      exemptAllowed ||= found.exemptAllowed;
      if (!found.hit) continue;
      if (kind === 'true') allowedWithMfa++;
      else hits.push(found.hit);
    }
    if (limited) contextLimited.push(action);
    if (exemptAllowed) selfServiceAllowed++;
    if (hits.length > 0)
      findings.push({
        action,
        reason: exemptable ? 'others-resource' : 'not-self-service',
        counterexamples: hits.map((hit) => counterexample(input, hit)),
      });
  });
  input.onProgress?.(total, total);
  return {
    findings,
    stats: {
      actions: total,
      actionsNamedByAllow: named,
      requests,
      allowedWithMfa,
      selfServiceAllowed,
      contextLimited,
    },
  };
}
