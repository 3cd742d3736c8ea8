import { finding, type LintFinding } from './finding.js';
import { clausesOf, type LintContext } from './rule.js';

/**
 * `wildcard-without-like` (warning): `*` and `?` are wildcards only in the Like operators
 * (StringLike, StringNotLike) and the Arn operators; StringEquals and its kin compare them as the
 * literal characters, so `"StringEquals": {"aws:username": "admin-*"}` matches only a user named
 * `admin-*`. Under 2012-10-17, `${*}` and `${?}` are the escapes for literal characters and are
 * not reported.
 */

const LITERAL_OPERATORS: Readonly<Record<string, string>> = {
  StringEquals: 'StringLike',
  StringNotEquals: 'StringNotLike',
  StringEqualsIgnoreCase: 'StringLike',
  StringNotEqualsIgnoreCase: 'StringNotLike',
};

/** Findings of the wildcard rule. */
export function wildcardFindings({ policy }: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [, clause] of clausesOf(policy)) {
    const like = LITERAL_OPERATORS[clause.base];
    if (!like) continue;
    for (const value of clause.values) {
      const text = policy.version === '2012-10-17' ? value.value.replace(/\$\{[^}]*\}/g, '') : value.value;
      const wildcard = /[*?]/.exec(text)?.[0];
      if (!wildcard) continue;
      out.push(
        finding(
          'warning',
          'wildcard-without-like',
          `${clause.base} compares '${wildcard}' as a literal character: '${value.value}' matches only that ` +
            `exact text. Use ${like}${clause.base.endsWith('IgnoreCase') ? ' (which is case-sensitive)' : ''} for wildcards, ` +
            `or write \${${wildcard}} if the literal character is meant.`,
          value.span,
        ),
      );
    }
  }
  return out;
}
