import { requestContext } from '../auth/request-context.js';
import { rolePolicies, sessionPolicies, userPolicies } from '../iam/principal-policies.js';
import {
  PolicySet,
  type Decision,
  type PolicyCategory,
  type PolicySetInput,
  type RequestContext,
  type RequestPrincipal,
} from '../policy/index.js';
import { policyGeneration } from '../store/policy-generation.js';
import { findUser } from '../store/principals.js';
import { findRoleById } from '../store/roles.js';
import type { Store, Tx } from '../store/store.js';
import type { AuthorizationCheck } from './authorization.js';
import { ProtocolError } from './errors.js';
import type { Caller } from './operation.js';
import type { WireRequest } from './wire.js';

/** How many principals' compiled policies are kept. */
const COMPILED_LIMIT = 10_000;

/** How AWS names each policy category in an AccessDenied message, with its article. */
const KIND: Readonly<Record<PolicyCategory, readonly [article: string, name: string]>> = {
  identity: ['an', 'identity-based policy'],
  resource: ['a', 'resource-based policy'],
  boundary: ['a', 'permissions boundary'],
  session: ['a', 'session policy'],
};

/**
 * AWS's AccessDenied message, e.g. "User: arn:aws:iam::123456789012:user/bob is not authorized to
 * perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based
 * policy allows the iam:ListUsers action"; for an action on `*` (EC2's Describe actions), without
 * "on resource".
 */
export function accessDeniedMessage(
  callerArn: string,
  check: AuthorizationCheck,
  decision: Decision,
): string {
  const [article, kind] = KIND[decision.blockedBy[0] ?? 'identity'];
  const why =
    decision.decision === 'explicitDeny'
      ? `with an explicit deny in ${article} ${kind}`
      : `because no ${kind} allows the ${check.action} action`;
  // An action without resource-level permissions (resource `*`) is named without a resource.
  const on = check.resource === '*' ? '' : ` on resource: ${check.resource}`;
  return `User: ${callerArn} is not authorized to perform: ${check.action}${on} ${why}`;
}

/**
 * Authorizes an operation's checks for the caller against every policy that governs it (the
 * user's and its groups' inline and managed policies, its permissions boundary), with the request
 * context AWS would build; the first check that is not allowed answers AccessDenied.
 */
export function requestAuthorizer(
  store: Store,
): (caller: Caller, checks: readonly AuthorizationCheck[], request: WireRequest) => Promise<void> {
  // Compiled policies by user, valid for one policy generation: the database bumps it on every
  // write that can change anyone's policies, so one read tells whether a compiled set is current.
  const compiled = new Map<string, { generation: number; set: PolicySet }>();
  const policiesOf = async (caller: Caller): Promise<PolicySet> => {
    const generation = await policyGeneration(store.db);
    // By unique id: a user deleted and created again under the same name shares nothing. A role
    // session by its key: sessions of one role under one name may carry different session policies.
    const key = caller.role ? `session:${caller.accessKeyId ?? caller.arn}` : (caller.userId ?? caller.arn);
    const cached = compiled.get(key);
    if (cached?.generation === generation) return cached.set;
    const set = PolicySet.compile(await callerPolicies(store.db, caller));
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(key, { generation, set });
    return set;
  };
  return async (caller, checks, request) => {
    // No identity policy applies to the account root (nor, here, any SCP): it may do anything.
    if (checks.length === 0 || caller.principalType === 'Account') return;
    const set = await policiesOf(caller);
    const base = callerContext(caller, request, new Date());
    const principal = callerPrincipal(caller);
    for (const check of checks) {
      const context = check.context ? base.with(check.context) : base;
      const decision = set.evaluate({ action: check.action, resource: check.resource, context, principal });
      if (decision.decision !== 'allowed')
        throw new ProtocolError('AccessDenied', accessDeniedMessage(caller.arn, check, decision));
    }
  };
}

/**
 * Every policy that governs the caller: an IAM user's (with its groups' and its boundary), or a
 * role session's role policies with the session policies it was issued with; none for others.
 */
export async function callerPolicies(tx: Tx, caller: Caller): Promise<PolicySetInput> {
  if (caller.role) {
    const role = await findRoleById(tx, caller.role.id);
    if (!role) return { identity: [] };
    const session = await sessionPolicies(
      tx,
      caller.accountId,
      caller.accessKeyId ?? caller.arn,
      caller.role.sessionPolicy,
      caller.role.sessionPolicyArns,
    );
    return { ...(await rolePolicies(tx, role)), session };
  }
  const user =
    caller.userName === undefined ? undefined : await findUser(tx, caller.accountId, caller.userName);
  return user ? userPolicies(tx, user) : { identity: [] };
}

/** The request context AWS builds for the caller's request. */
export function callerContext(caller: Caller, request: WireRequest | undefined, now: Date): RequestContext {
  return requestContext(caller, {
    now,
    sourceIp: request?.sourceIp ?? '',
    secureTransport: request?.secure ?? false,
    userAgent: request?.headers['user-agent']?.[0],
    requestedRegion: caller.region,
  });
}

/** The caller as resource-based and trust policies see it (a role session also by its role's ARN). */
export function callerPrincipal(caller: Caller): RequestPrincipal {
  return caller.role
    ? { arn: caller.arn, account: caller.accountId, roleArn: caller.role.arn }
    : { arn: caller.arn, account: caller.accountId };
}
