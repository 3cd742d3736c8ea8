import { StatementGroup, type SourcedPolicy } from './compile.js';
import type { RequestContext } from './context.js';
import type { RequestPrincipal } from './principal.js';
import type { CompiledStatement, PolicyCategory } from './statement.js';

/** The policies that apply to a principal's request, by category. */
export interface PolicySetInput {
  /** User inline and managed, group inline and managed (or role) policies. */
  readonly identity: readonly SourcedPolicy[];
  /** The resource-based policy of the resource acted on (or a role's trust policy). */
  readonly resource?: SourcedPolicy | undefined;
  readonly boundary?: SourcedPolicy | undefined;
  /** Session policies passed when the session was created (together, one category). */
  readonly session?: readonly SourcedPolicy[] | undefined;
}

export interface AuthorizationRequest {
  /** `service:Action`, any case. */
  readonly action: string;
  /** The resource's ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  readonly context: RequestContext;
  /** Who is asking: needed when a resource-based policy takes part. */
  readonly principal?: RequestPrincipal | undefined;
  /** The account that owns the resource; defaults to the principal's (same-account rules). */
  readonly resourceAccount?: string | undefined;
}

export type DecisionKind = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface Decision {
  readonly decision: DecisionKind;
  /** Categories that denied explicitly or, for an implicit deny, whose missing allow blocked it. */
  readonly blockedBy: readonly PolicyCategory[];
  /** Every statement that applied to the request (action, resource, principal and conditions). */
  readonly matched: readonly CompiledStatement[];
}

/** What the statements of one category said: bit flags, so a scan allocates nothing. */
export const enum Hits {
  None = 0,
  Allow = 1,
  /** An Allow usable on its own in the same account (principal named directly or by role). */
  AllowGrant = 2,
  /** An Allow naming this exact principal: also passes boundaries and session policies. */
  AllowDirect = 4,
  Deny = 8,
}

const GRANT: Readonly<Record<string, number>> = {
  direct: Hits.Allow | Hits.AllowGrant | Hits.AllowDirect,
  role: Hits.Allow | Hits.AllowGrant,
  account: Hits.Allow,
};

/** Runs one category's candidate statements against a request, collecting those that apply. */
export function scan(
  group: StatementGroup,
  lowerAction: string,
  request: AuthorizationRequest,
  matched: CompiledStatement[] | undefined,
): number {
  const { context, resource } = request;
  const colon = lowerAction.indexOf(':');
  let hits: number = Hits.None;
  for (const s of group.candidates(colon < 0 ? lowerAction : lowerAction.slice(0, colon))) {
    if (!s.matchesAction(lowerAction, context) || !s.matchesResource(resource, context)) continue;
    const principal = s.matchesPrincipal(request.principal);
    if (principal === undefined || !s.conditionsHold(context)) continue;
    matched?.push(s);
    hits |= s.deny ? Hits.Deny : (GRANT[principal] as number);
  }
  return hits;
}

/** Each category's hits for one request; `undefined` where the set has no such policies. */
export interface CategoryHits {
  readonly identity: number;
  readonly resource: number | undefined;
  readonly boundary: number | undefined;
  readonly session: number | undefined;
}

const NONE: readonly PolicyCategory[] = Object.freeze([]);

/** The categories whose hits have `flag` set (undefined: the set has no such policies). */
function categoriesWith(hits: CategoryHits, flag: Hits): PolicyCategory[] {
  const out: PolicyCategory[] = [];
  if (hits.identity & flag) out.push('identity');
  if ((hits.resource ?? 0) & flag) out.push('resource');
  if ((hits.boundary ?? 0) & flag) out.push('boundary');
  if ((hits.session ?? 0) & flag) out.push('session');
  return out;
}

/**
 * Combines the categories as AWS does: an explicit deny anywhere wins; otherwise the identity
 * policies (or, in the same account, a resource policy) must allow, a cross-account request needs
 * both, and a permissions boundary and session policies must allow too unless a same-account
 * resource policy named the principal directly.
 */
export function combine(
  hits: CategoryHits,
  sameAccount: boolean,
  matched: readonly CompiledStatement[],
): Decision {
  if ((hits.identity | (hits.resource ?? 0) | (hits.boundary ?? 0) | (hits.session ?? 0)) & Hits.Deny)
    return { decision: 'explicitDeny', blockedBy: categoriesWith(hits, Hits.Deny), matched };

  const resource = hits.resource ?? Hits.None;
  const identityAllows = (hits.identity & Hits.Allow) !== 0;
  const direct = sameAccount && (resource & Hits.AllowDirect) !== 0;
  const identityBlocked = sameAccount ? !identityAllows && !(resource & Hits.AllowGrant) : !identityAllows;
  const resourceBlocked = !sameAccount && !(resource & Hits.Allow);
  const boundaryBlocked = hits.boundary !== undefined && !(hits.boundary & Hits.Allow) && !direct;
  const sessionBlocked = hits.session !== undefined && !(hits.session & Hits.Allow) && !direct;
  if (!identityBlocked && !resourceBlocked && !boundaryBlocked && !sessionBlocked)
    return { decision: 'allowed', blockedBy: NONE, matched };
  const blockedBy: PolicyCategory[] = [];
  if (identityBlocked) blockedBy.push('identity');
  if (resourceBlocked) blockedBy.push('resource');
  if (boundaryBlocked) blockedBy.push('boundary');
  if (sessionBlocked) blockedBy.push('session');
  return { decision: 'implicitDeny', blockedBy, matched };
}

/**
 * A principal's policies compiled once; evaluates requests without re-parsing.
 *
 * @example
 * const set = PolicySet.compile({ identity: [forceMfa, ec2FullAccess] });
 * set.evaluate({ action: 'ec2:DescribeInstances', resource: '*', context }).decision; // 'explicitDeny'
 */
export class PolicySet {
  private constructor(
    readonly identity: StatementGroup,
    readonly resource: StatementGroup | undefined,
    readonly boundary: StatementGroup | undefined,
    readonly session: StatementGroup | undefined,
  ) {}

  /** Compiles every policy of the set. */
  static compile(input: PolicySetInput): PolicySet {
    return new PolicySet(
      StatementGroup.compile('identity', input.identity),
      input.resource && StatementGroup.compile('resource', [input.resource]),
      input.boundary && StatementGroup.compile('boundary', [input.boundary]),
      input.session && StatementGroup.compile('session', input.session),
    );
  }

  /** Decides a request: allowed, explicitDeny or implicitDeny, with the statements that applied. */
  evaluate(request: AuthorizationRequest): Decision {
    const matched: CompiledStatement[] = [];
    const lowerAction = request.action.toLowerCase();
    const hits: CategoryHits = {
      identity: scan(this.identity, lowerAction, request, matched),
      resource: this.resource && scan(this.resource, lowerAction, request, matched),
      boundary: this.boundary && scan(this.boundary, lowerAction, request, matched),
      session: this.session && scan(this.session, lowerAction, request, matched),
    };
    return combine(hits, isSameAccount(request), matched);
  }
}

/** Whether the resource belongs to the principal's account (the default without a principal). */
export function isSameAccount(request: AuthorizationRequest): boolean {
  const { principal, resourceAccount } = request;
  return resourceAccount === undefined || principal === undefined || principal.account === resourceAccount;
}
