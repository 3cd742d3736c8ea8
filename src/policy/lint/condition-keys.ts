import type { ConditionKeyType } from './catalog.js';
import { finding, type LintFinding } from './finding.js';
import { clausesOf, type LintContext } from './rule.js';

/**
 * Condition keys against the catalog:
 * - `unknown-condition-key` (warning): an `aws:` key, or a key of a known service, that the catalog
 *   does not have — usually a typo (`aws:MultiFactorAuthPresnt`), which makes the condition test a
 *   key no request carries. Keys of other prefixes (OIDC providers, `saml:`) are not checked.
 * - `condition-type-mismatch` (warning): an operator of one type on a key of another, e.g.
 *   StringEquals on aws:MultiFactorAuthPresent (a Bool) or NumericLessThan on aws:CurrentTime (a Date).
 *   Values that the operator cannot read at all (a non-date to DateGreaterThan, a non-IP to
 *   IpAddress, a non-bool to Bool) are grammar errors: the parser reports them as
 *   `invalid-condition-value`.
 */

/** The key types each operator family is meant for; Null is for every key. */
const OPERATOR_TYPES: readonly [RegExp, readonly ConditionKeyType[], string][] = [
  [/^String/, ['String', 'ARN'], 'a String operator (StringEquals, StringLike, …)'],
  [/^Numeric/, ['Numeric'], 'a Numeric operator (NumericLessThan, …)'],
  [/^Date/, ['Date'], 'a Date operator (DateGreaterThan, …)'],
  [/^Bool$/, ['Bool'], 'Bool'],
  [/^(?:Not)?IpAddress$/, ['IPAddress'], 'IpAddress or NotIpAddress'],
  [/^Arn/, ['ARN', 'String'], 'an Arn operator (ArnLike, …)'],
];

const FOR_TYPE: Readonly<Record<ConditionKeyType, string>> = {
  String: 'a String operator (StringEquals, StringLike, …)',
  ARN: 'an Arn operator (ArnEquals, ArnLike) or a String operator',
  Bool: 'Bool',
  Numeric: 'a Numeric operator (NumericEquals, NumericLessThan, …)',
  Date: 'a Date operator (DateGreaterThan, DateLessThan, …)',
  IPAddress: 'IpAddress or NotIpAddress',
  Binary: 'BinaryEquals',
};

/** Findings of the condition-key rules. */
export function conditionKeyFindings({ policy, catalog }: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [, clause] of clausesOf(policy)) {
    const key = clause.key.value;
    const info = catalog.conditionKey(key);
    if (!info) {
      const prefix = key.slice(0, key.indexOf(':'));
      if (prefix.toLowerCase() === 'aws' || catalog.service(prefix) !== undefined) {
        out.push(
          finding(
            'warning',
            'unknown-condition-key',
            `'${key}' is not a condition key AWS defines; no request carries it, so this condition ` +
              `${clause.ifExists || clause.base === 'Null' ? 'always takes its missing-key branch' : 'never matches'}. ` +
              `Check the spelling against "AWS global condition context keys" and the service's keys.`,
            clause.key.span,
          ),
        );
      }
      continue;
    }
    const family = OPERATOR_TYPES.find(([pattern]) => pattern.test(clause.base));
    if (!family || family[1].includes(info.type)) continue;
    out.push(
      finding(
        'warning',
        'condition-type-mismatch',
        `${info.name} is a ${info.type} key, but ${clause.base} is ${family[2]}: the values are not compared ` +
          `as ${info.type} values. Use ${FOR_TYPE[info.type]}.`,
        clause.operator.span,
      ),
    );
  }
  return out;
}
