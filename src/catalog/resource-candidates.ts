import type { ProofAction, ResourceCandidate } from '../policy/prove/index.js';
import type { ActionResources } from './action-resources.js';

/**
 * The resources `iamfa prove-mfa` tries each action on: the catalog's ARN templates filled for the
 * principal. A template naming a user (or an MFA device, which AWS names after its user) is
 * filled twice, with the principal's own name and with someone else's, since a self-service
 * action is fine on one and a hole on the other; `*` is tried where a request may carry it.
 */

/** The principal's facts that fill a template. */
export interface TemplateOwner {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The user's name (for a group, the name of a member). */
  readonly userName: string;
}

/** A name no real resource of the account is expected to have. */
const PROBE = 'iamfa-probe';
const SOMEONE_ELSE = 'iamfa-someone-else';

/** Template variables that name the requesting user's own resource. */
const SELF_VARIABLE = /^(UserName|UserNameWithPath|MfaTokenIdWithPath|MfaTokenId|SmsMfaTokenId)$/i;

const VARIABLE = /\$\{([^}]+)\}/g;

/**
 * Actions whose API names no user: they act on the caller alone (ChangePassword changes the
 * password of whoever signs the request), so someone else's ARN is no request anyone can make.
 */
const CALLER_ONLY: ReadonlySet<string> = new Set(['iam:changepassword']);

function fill(template: string, owner: TemplateOwner, self: string): string {
  return template.replace(VARIABLE, (_, name: string) => {
    if (/^partition$/i.test(name)) return owner.partition;
    if (/^region$/i.test(name)) return owner.region;
    if (/^account(id)?$/i.test(name)) return owner.account;
    return SELF_VARIABLE.test(name) ? self : PROBE;
  });
}

/** A template's candidates: one ARN, or the principal's own and someone else's. */
export function templateCandidates(template: string, owner: TemplateOwner): ResourceCandidate[] {
  const names = [...template.matchAll(VARIABLE)].map((m) => m[1] as string);
  if (!names.some((n) => SELF_VARIABLE.test(n))) return [{ arn: fill(template, owner, PROBE), owner: 'any' }];
  return [
    { arn: fill(template, owner, owner.userName), owner: 'self' },
    { arn: fill(template, owner, SOMEONE_ELSE), owner: 'other' },
  ];
}

/**
 * Each action with its resource candidates for this principal: its resource types' ARNs, and `*`
 * when the action has no resource-level permissions or none of its resource types is required.
 * @example resourceCandidates(await loadActionResources(), { partition: 'aws', region: 'us-east-1', account: '123456789012', userName: 'alice' })
 */
export function resourceCandidates(actions: readonly ActionResources[], owner: TemplateOwner): ProofAction[] {
  return actions.map(({ action, resourceTypes, wildcardOnly }) => {
    const byArn = new Map<string, ResourceCandidate>();
    if (wildcardOnly || !resourceTypes.some((t) => t.required)) byArn.set('*', { arn: '*', owner: 'any' });
    const callerOnly = CALLER_ONLY.has(action.toLowerCase());
    for (const type of resourceTypes)
      for (const candidate of templateCandidates(type.arn, owner))
        if (!byArn.has(candidate.arn) && !(callerOnly && candidate.owner === 'other'))
          byArn.set(candidate.arn, candidate);
    return { action, resources: [...byArn.values()] };
  });
}
