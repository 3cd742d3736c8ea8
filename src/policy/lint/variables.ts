import type { Located } from '../ast.js';
import { finding, type LintFinding } from './finding.js';
import type { LintContext } from './rule.js';

/**
 * `variable-in-old-version` (error): IAM substitutes policy variables (`${aws:username}`) only under
 * Version 2012-10-17; under 2008-10-17 — which is also what a document without Version is read as —
 * `${aws:username}` is literal text, so `arn:aws:iam::*:user/${aws:username}` matches no user. It
 * is an error because the statement cannot do what it says.
 */

const VARIABLE = /\$\{[^}]*\}/;

/** Findings of the policy-variable rule. */
export function variableFindings({ policy }: LintContext): LintFinding[] {
  if (policy.version === '2012-10-17') return [];
  const values: Located[] = [];
  for (const statement of policy.statements) {
    values.push(...(statement.resource?.values ?? []));
    for (const clause of statement.conditions) values.push(...clause.values);
  }
  const why = policy.versionGiven
    ? 'Version 2008-10-17 does not substitute policy variables'
    : 'this policy has no Version, so IAM reads it as 2008-10-17, which does not substitute policy variables';
  return values
    .filter((v) => VARIABLE.test(v.value))
    .map((v) =>
      finding(
        'error',
        'variable-in-old-version',
        `${capitalize(why)}: '${VARIABLE.exec(v.value)?.[0] ?? ''}' in '${v.value}' is compared as literal ` +
          `text and matches nothing. Add "Version": "2012-10-17" at the top of the policy.`,
        v.span,
      ),
    );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
