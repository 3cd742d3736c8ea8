import type { Located, PolicyVersion, PrincipalElement, Statement } from './ast.js';
import { ArnPattern } from './arn.js';
import { compileClause, type CompiledClause } from './conditions/clause.js';
import type { RequestContext } from './context.js';
import { Pattern } from './pattern.js';
import type { PrincipalMatch, RequestPrincipal } from './principal.js';

/** Matches a list of action or resource values: exact values in a set, wildcards one by one. */
class ListMatcher<P extends { matches(subject: string, context: RequestContext): boolean }> {
  constructor(
    readonly matchAll: boolean,
    private readonly exact: ReadonlySet<string>,
    private readonly patterns: readonly P[],
  ) {}

  matches(subject: string, context: RequestContext): boolean {
    if (this.matchAll || this.exact.has(subject)) return true;
    for (const p of this.patterns) if (p.matches(subject, context)) return true;
    return false;
  }
}

function actionMatcher(values: readonly Located[]): ListMatcher<Pattern> {
  const exact = new Set<string>();
  const patterns: Pattern[] = [];
  let all = false;
  for (const { value } of values) {
    const p = Pattern.compile(value, { wildcards: true, variables: false, ignoreCase: true });
    if (p.isMatchAll) all = true;
    else if (p.literal !== undefined) exact.add(p.literal);
    else patterns.push(p);
  }
  return new ListMatcher(all, exact, patterns);
}

function resourceMatcher(values: readonly Located[], variables: boolean): ListMatcher<ArnPattern> {
  const exact = new Set<string>();
  const patterns: ArnPattern[] = [];
  let all = false;
  for (const { value } of values) {
    if (value === '*') all = true;
    else if (!/[*?$]/.test(value)) exact.add(value);
    else {
      const p = ArnPattern.compile(value, variables);
      // The parser has rejected anything that is neither `*` nor an ARN.
      if (p) patterns.push(p);
    }
  }
  return new ListMatcher(all, exact, patterns);
}

/** The lower-cased service prefixes a statement's actions name, or undefined when any may match. */
function servicePrefixes(statement: Statement): string[] | undefined {
  if (statement.action.negated) return undefined;
  const prefixes = new Set<string>();
  for (const { value } of statement.action.values) {
    const colon = value.indexOf(':');
    const prefix = value.slice(0, colon).toLowerCase();
    if (colon < 0 || /[*?]/.test(prefix)) return undefined;
    prefixes.add(prefix);
  }
  return [...prefixes];
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

/** Compiles a Principal element into a function telling how a caller matches it. */
function principalMatcher(element: PrincipalElement): (p: RequestPrincipal) => PrincipalMatch {
  if (element.wildcard) return () => 'direct';
  const checks = element.entries.map(
    ({ type, value: { value } }): ((p: RequestPrincipal) => PrincipalMatch) => {
      if (type === 'Service') return (p) => (p.service === value ? 'direct' : undefined);
      if (type === 'Federated') return (p) => (p.federated === value ? 'direct' : undefined);
      if (type === 'CanonicalUser') return () => undefined;
      if (value === '*') return () => 'direct';
      const account = /^\d{12}$/.test(value) ? value : ROOT_ARN.exec(value)?.[1];
      if (account !== undefined)
        return (p) =>
          p.arn === value ? 'direct' : p.account === account && !p.service ? 'account' : undefined;
      return (p) => (p.arn === value ? 'direct' : p.roleArn === value ? 'role' : undefined);
    },
  );
  return (p) => {
    let best: PrincipalMatch;
    for (const check of checks) {
      const m = check(p);
      if (m === 'direct') return m;
      if (m === 'role' || best === undefined) best = m;
    }
    return best;
  };
}

/** The policy categories AWS evaluates a request against. */
export type PolicyCategory = 'identity' | 'resource' | 'boundary' | 'session';

/** Where a statement comes from, for reports (SimulatePrincipalPolicy's SourcePolicyId/Type). */
export interface PolicySource {
  readonly id: string;
  readonly type: string;
}

/** A statement compiled once: pre-built matchers for its actions, resources, principal, conditions. */
export class CompiledStatement {
  readonly deny: boolean;
  /** Lower-cased service prefixes for the index; undefined when the statement may match any action. */
  readonly prefixes: readonly string[] | undefined;
  readonly clauses: readonly CompiledClause[];
  /** Variables without defaults used anywhere in the statement (for explanations). */
  readonly requiredKeys: readonly string[];
  private readonly actions: ListMatcher<Pattern>;
  private readonly resources: ListMatcher<ArnPattern> | undefined;
  private readonly principals: ((p: RequestPrincipal) => PrincipalMatch) | undefined;

  constructor(
    readonly source: PolicySource,
    readonly category: PolicyCategory,
    readonly statement: Statement,
    version: PolicyVersion,
  ) {
    const variables = version === '2012-10-17';
    this.deny = statement.effect === 'Deny';
    this.prefixes = servicePrefixes(statement);
    this.actions = actionMatcher(statement.action.values);
    this.resources = statement.resource && resourceMatcher(statement.resource.values, variables);
    this.principals = statement.principal && principalMatcher(statement.principal);
    this.clauses = statement.conditions.map((c) => compileClause(c, variables));
    const resourceKeys = variables
      ? (statement.resource?.values ?? []).flatMap(
          ({ value }) => ArnPattern.compile(value, true)?.requiredKeys ?? [],
        )
      : [];
    this.requiredKeys = [...new Set([...resourceKeys, ...this.clauses.flatMap((c) => c.requiredKeys)])];
  }

  /** Whether the (lower-cased) action is covered by Action, or not excluded by NotAction. */
  matchesAction(lowerAction: string, context: RequestContext): boolean {
    return this.actions.matches(lowerAction, context) !== this.statement.action.negated;
  }

  /** Whether the resource is covered by Resource, or not excluded by NotResource. */
  matchesResource(resource: string, context: RequestContext): boolean {
    const r = this.resources;
    return r === undefined || r.matches(resource, context) !== this.statement.resource?.negated;
  }

  /** How the caller matches Principal/NotPrincipal; `direct` when the statement has neither. */
  matchesPrincipal(principal: RequestPrincipal | undefined): PrincipalMatch {
    const match = this.principals;
    if (!match) return 'direct';
    const m = principal && match(principal);
    if (!this.statement.principal?.negated) return m;
    return m ? undefined : 'account';
  }

  /** Whether every condition clause holds (AND across operators and keys). */
  conditionsHold(context: RequestContext): boolean {
    for (const c of this.clauses) if (!c.test(context)) return false;
    return true;
  }
}
