import type { ConditionClause, Statement } from '../ast.js';
import { finding, type LintFinding } from './finding.js';
import { clausesOf, type LintContext } from './rule.js';

/**
 * Conditions that try to say "signed in with MFA" and say something else. They rest on when AWS
 * sets the two MFA keys (IAM User Guide, "AWS global condition context keys"): requests signed with
 * long-term access keys carry neither; a session signed in without MFA carries
 * aws:MultiFactorAuthPresent = false and no aws:MultiFactorAuthAge; an MFA session carries both.
 * These findings point at the operator, since the operator is what to change.
 *
 * - `mfa-bool-without-if-exists`: `Bool` "false" on aws:MultiFactorAuthPresent is false when the key
 *   is absent, so it never matches long-term access keys (seed 004 explains why `…IfExists` is
 *   needed). In a Deny that lets a leaked access key through: security-warning. In an Allow it only
 *   narrows the grant: warning.
 * - `mfa-if-exists-allow` (security-warning): an Allow whose test for MFA (`BoolIfExists` "true",
 *   `NumericLessThanIfExists` on the age) also holds when the key is absent, i.e. for long-term
 *   access keys that never saw MFA.
 * - `mfa-null-check`: `Null` tests only whether an MFA key exists. On aws:MultiFactorAuthPresent it
 *   is wrong (the key exists, false, in every session without MFA): security-warning. On
 *   aws:MultiFactorAuthAge (seed 002's 2015 pattern) it works but AWS's later policies replaced it
 *   with `BoolIfExists` on aws:MultiFactorAuthPresent: warning.
 */

const MFA_PRESENT = 'aws:multifactorauthpresent';
const MFA_AGE = 'aws:multifactorauthage';

/** Findings of the MFA-condition rules. */
export function mfaFindings({ policy }: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [statement, clause] of clausesOf(policy)) {
    const key = clause.key.value.toLowerCase();
    if (key !== MFA_PRESENT && key !== MFA_AGE) continue;
    const found =
      boolFalse(statement, clause, key) ?? ifExistsAllow(statement, clause, key) ?? nullCheck(clause, key);
    if (found) out.push(found);
  }
  return out;
}

const hasValue = (clause: ConditionClause, text: string) =>
  clause.values.some((v) => v.value.toLowerCase() === text);

function boolFalse(statement: Statement, clause: ConditionClause, key: string): LintFinding | undefined {
  if (clause.base !== 'Bool' || clause.ifExists || key !== MFA_PRESENT || !hasValue(clause, 'false'))
    return undefined;
  const fix = `write "BoolIfExists": {"${clause.key.value}": "false"}, which also holds when the key is absent`;
  if (statement.effect === 'Deny') {
    return finding(
      'security-warning',
      'mfa-bool-without-if-exists',
      `This Deny does not apply to requests signed with long-term access keys: they carry no ` +
        `aws:MultiFactorAuthPresent, and Bool is false when the key is absent. A leaked access key gets ` +
        `through without MFA. ${capitalize(fix)}.`,
      clause.operator.span,
    );
  }
  return finding(
    'warning',
    'mfa-bool-without-if-exists',
    `Bool "false" on aws:MultiFactorAuthPresent matches only sessions signed in without MFA, never ` +
      `long-term access keys (which carry no such key). If "without MFA" is meant, ${fix}; if "with ` +
      `MFA" is meant, the value is "true".`,
    clause.operator.span,
  );
}

function ifExistsAllow(statement: Statement, clause: ConditionClause, key: string): LintFinding | undefined {
  if (statement.effect !== 'Allow' || !clause.ifExists) return undefined;
  // BoolIfExists "false" in an Allow means "without MFA" on purpose; only a test for MFA is defeated.
  if (key === MFA_PRESENT && !hasValue(clause, 'true')) return undefined;
  return finding(
    'security-warning',
    'mfa-if-exists-allow',
    `${clause.operator.value} also holds when ${clause.key.value} is absent, which it is for every request ` +
      `signed with long-term access keys: this Allow grants to an access key that never saw MFA. Drop ` +
      `"IfExists" (e.g. "Bool": {"aws:MultiFactorAuthPresent": "true"}).`,
    clause.operator.span,
  );
}

function nullCheck(clause: ConditionClause, key: string): LintFinding | undefined {
  if (clause.base !== 'Null') return undefined;
  if (key === MFA_PRESENT) {
    return finding(
      'security-warning',
      'mfa-null-check',
      `Null on aws:MultiFactorAuthPresent tests whether temporary credentials were used, not whether MFA ` +
        `was: the key exists (with value false) in every session signed in without MFA. In a Deny write ` +
        `"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}; in an Allow, "Bool": {"aws:MultiFactorAuthPresent": "true"}.`,
      clause.operator.span,
    );
  }
  return finding(
    'warning',
    'mfa-null-check',
    `Null on aws:MultiFactorAuthAge only tests whether the key exists; AWS's later policies replaced ` +
      `this pattern. In a Deny write "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"} (and use ` +
      `NumericLessThan on aws:MultiFactorAuthAge only to limit how old the MFA sign-in may be).`,
    clause.operator.span,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
