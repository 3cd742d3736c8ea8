import type { ConditionClause, ListElement, Located, PolicyDocument, Statement } from '../ast.js';
import { compileClause } from '../conditions/clause.js';
import { RequestContext } from '../context.js';
import { finding, type LintFinding } from './finding.js';
import { actionGlob } from './glob.js';
import type { LintContext } from './rule.js';

/**
 * The enrolment loophole (`mfa-enrolment-without-mfa`, security-warning). Force-MFA policies let a
 * principal without MFA call iam:EnableMFADevice so that users can enrol their first device. IAM
 * has no condition key saying whether the user already has a device, so no policy can limit that
 * to the first one; and since IAM allows several MFA devices per user, whoever holds a leaked
 * access key (or a stolen password) can enable a device of their own while the user's device is
 * assigned, then sign in "with MFA". AWS's own self-service policy has this property, so it is a
 * security warning to review, not an error.
 *
 * Only iam:EnableMFADevice is checked: it is what attaches a device to a user. CreateVirtualMFADevice
 * makes a device that grants nothing until enabled, and ResyncMFADevice needs two codes from a
 * device already assigned, so allowing them without MFA adds no risk of its own.
 *
 * A statement is reported when, in this policy, an Allow covering iam:EnableMFADevice may apply to
 * a request without MFA and no Deny covering it surely applies — in either of two situations:
 * a long-term access key (no MFA keys, no aws:TokenIssueTime) or a console session signed in
 * without MFA (aws:MultiFactorAuthPresent false). Conditions on other keys are taken as unknown:
 * they may hold for an Allow, and are not relied on for a Deny. Resources are not compared (the
 * statements are about the user's own ARN in every policy seen).
 */

const ENABLE = 'iam:enablemfadevice';

interface Situation {
  readonly name: string;
  readonly context: RequestContext;
}

const ACCESS_KEY: Situation = { name: 'a leaked long-term access key', context: new RequestContext() };
const SITUATIONS: readonly Situation[] = [
  ACCESS_KEY,
  {
    name: 'a stolen password in a console session without MFA',
    context: new RequestContext({
      'aws:MultiFactorAuthPresent': 'false',
      'aws:TokenIssueTime': '2026-01-01T00:00:00Z',
    }),
  },
];

/** The keys whose presence and value SITUATIONS decide; a clause on any other key is unknown. */
const KNOWN_KEYS = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:tokenissuetime']);

/** Findings of the enrolment-loophole rule. */
export function enrolmentFindings({ policy }: LintContext): LintFinding[] {
  const denies = policy.statements.filter((s) => s.effect === 'Deny' && covers(s.action));
  const out: LintFinding[] = [];
  for (const allow of policy.statements) {
    if (allow.effect !== 'Allow' || !covers(allow.action)) continue;
    const open = SITUATIONS.filter(
      (situation) =>
        mayHold(allow, situation, policy) && !denies.some((deny) => surelyHolds(deny, situation, policy)),
    );
    if (open.length === 0) continue;
    const where: Located | ListElement = allow.action.negated
      ? allow.action
      : (allow.action.values.find((v) => matches(v.value)) ?? allow.action);
    out.push(finding('security-warning', 'mfa-enrolment-without-mfa', message(open), where.span));
  }
  return out;
}

/** Explains the risk in the situations where it is open, and what to review. */
function message(open: readonly Situation[]): string {
  const keys = open.includes(ACCESS_KEY)
    ? 'deny iam:EnableMFADevice to long-term access keys ("Null": {"aws:TokenIssueTime": "true"} in a ' +
      'Deny) so that enrolment needs a console session; '
    : '';
  return (
    `This statement lets a principal without MFA call iam:EnableMFADevice, e.g. with ${open
      .map((s) => s.name)
      .join(' or with ')}. IAM has no condition key for "no MFA device yet" and a user may have ` +
    `several devices, so whoever holds these credentials can enable their own device while the user's ` +
    `is assigned, then sign in with MFA. Review: ${keys}once users have a device, require MFA for ` +
    `enabling another ("Bool": {"aws:MultiFactorAuthPresent": "true"}) and let administrators enrol ` +
    `replacements; alert on EnableMFADevice in CloudTrail.`
  );
}

/** Whether an Action/NotAction element covers iam:EnableMFADevice. */
function covers(element: ListElement): boolean {
  const listed = element.values.some((v) => matches(v.value));
  return element.negated ? !listed : listed;
}

function matches(pattern: string): boolean {
  return actionGlob(pattern).test(ENABLE);
}

/** A clause's outcome in a situation: true/false when it tests only the keys SITUATIONS decide. */
function outcome(clause: ConditionClause, situation: Situation, policy: PolicyDocument): boolean | undefined {
  if (!KNOWN_KEYS.has(clause.key.value.toLowerCase())) return undefined;
  try {
    return compileClause(clause, policy.version === '2012-10-17').test(situation.context);
  } catch {
    // A clause the parser would reject (only in a recovered document): nothing can be said.
    return undefined;
  }
}

function mayHold(statement: Statement, situation: Situation, policy: PolicyDocument): boolean {
  return statement.conditions.every((c) => outcome(c, situation, policy) !== false);
}

function surelyHolds(statement: Statement, situation: Situation, policy: PolicyDocument): boolean {
  return statement.conditions.every((c) => outcome(c, situation, policy) === true);
}
