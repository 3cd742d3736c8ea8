import { ArnPattern } from '../arn.js';
import {
  ConditionValueError,
  type CompileOptions,
  type ValueMatcher,
  type ValueOperator,
} from './operator.js';

/**
 * ARN operators match each of the six colon-separated parts of an ARN on its own, case-sensitively,
 * with `*` and `?` wildcards in every part; "ArnEquals and ArnLike behave identically", as do
 * ArnNotEquals and ArnNotLike (IAM User Guide, "Amazon Resource Name (ARN) condition operators").
 * Policy variables are accepted. A context value that is not an ARN matches no policy value.
 *
 * A policy value that is not an ARN pattern is an error: IAM rejects such a policy ("The policy
 * failed legacy parsing" for an ArnEquals value that was a name, not an ARN). The lone `*` is
 * accepted and matches any ARN, as `"Resource": "*"` does: IAM's rule for ARN values is "must be
 * in ARN format or `*`".
 */

/** Matches any ARN: six parts, each anything. */
const ANY_ARN = ArnPattern.compile('arn:*:*:*:*:*', false) as ArnPattern;

function compileArn(name: string) {
  return (value: string, options: CompileOptions): ValueMatcher => {
    const pattern = value === '*' ? ANY_ARN : ArnPattern.compile(value, options.variables);
    if (!pattern) {
      throw new ConditionValueError(
        `${name} expects an ARN (arn:partition:service:region:account:resource, wildcards allowed) or *, not '${value}'.`,
      );
    }
    return {
      requiredKeys: pattern.requiredKeys,
      test: (subject, context) => pattern.matches(subject, context),
    };
  };
}

function arnOperator(name: string, negated: boolean): ValueOperator {
  return Object.freeze({ kind: 'value', name, negated, acceptsVariables: true, compile: compileArn(name) });
}

/** `ArnEquals`: the ARN matches the policy ARN part by part (wildcards allowed; same as ArnLike). */
export const ArnEquals = arnOperator('ArnEquals', false);
/** `ArnLike`: the ARN matches the policy ARN part by part, with wildcards. */
export const ArnLike = arnOperator('ArnLike', false);
/** `ArnNotEquals`: holds when the ARN matches none of the policy ARNs (same as ArnNotLike). */
export const ArnNotEquals = arnOperator('ArnNotEquals', true);
/** `ArnNotLike`: holds when the ARN matches none of the policy ARNs. */
export const ArnNotLike = arnOperator('ArnNotLike', true);

/** The four ARN operators. */
export const ARN_OPERATORS: readonly ValueOperator[] = [ArnEquals, ArnLike, ArnNotEquals, ArnNotLike];
