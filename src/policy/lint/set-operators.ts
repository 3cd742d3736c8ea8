import { finding, type LintFinding } from './finding.js';
import { clausesOf, type LintContext } from './rule.js';

/**
 * Set operators against what the catalog says about a key's values (IAM User Guide, "Single-valued
 * vs. multivalued context keys"):
 * - `set-operator-single-valued-key`: `ForAllValues:` on a single-valued key also holds when the key
 *   is absent, so an Allow grants to requests without it: security-warning in an Allow, warning in a
 *   Deny (which then applies more widely than meant). `ForAnyValue:` on a single-valued key is the
 *   plain operator said the long way: suggestion.
 * - `missing-set-operator` (warning): a multivalued key (aws:TagKeys, aws:CalledVia, …) without a set
 *   operator never matches a request that carries several values.
 * Keys the catalog does not know are left alone.
 */

/** Findings of the set-operator rules. */
export function setOperatorFindings({ policy, catalog }: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [statement, clause] of clausesOf(policy)) {
    const info = catalog.conditionKey(clause.key.value);
    if (!info || clause.base === 'Null') continue;
    const plain = clause.operator.value.slice(clause.operator.value.indexOf(':') + 1);
    if (clause.setOperator && !info.multiValued) {
      if (clause.setOperator === 'ForAllValues') {
        const allow = statement.effect === 'Allow';
        out.push(
          finding(
            allow ? 'security-warning' : 'warning',
            'set-operator-single-valued-key',
            `${clause.key.value} is single-valued, and ForAllValues also holds when it is absent: this ` +
              `${statement.effect} ${allow ? 'grants to' : 'also applies to'} requests without the key. ` +
              `Write '${plain}' without ForAllValues:${allow ? ' (add a Null check if the key must be present)' : ''}.`,
            clause.operator.span,
          ),
        );
      } else {
        out.push(
          finding(
            'suggestion',
            'set-operator-single-valued-key',
            `${clause.key.value} is single-valued, so ForAnyValue:${plain} is the same as '${plain}'; drop ForAnyValue:.`,
            clause.operator.span,
          ),
        );
      }
    } else if (!clause.setOperator && info.multiValued) {
      out.push(
        finding(
          'warning',
          'missing-set-operator',
          `${clause.key.value} is multivalued: '${plain}' without a set operator never matches a request ` +
            `that carries several values. Write 'ForAnyValue:${plain}' (any value matches) or ` +
            `'ForAllValues:${plain}' (every value matches).`,
          clause.operator.span,
        ),
      );
    }
  }
  return out;
}
