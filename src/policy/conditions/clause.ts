import type { ConditionClause, Located } from '../ast.js';
import type { RequestContext } from '../context.js';
import type { PolicyErrorCode, PolicyIssue } from '../errors.js';
import { PatternError } from '../pattern.js';
import { ConditionValueError, type ValueMatcher } from './operator.js';
import { findOperator } from './registry.js';

/**
 * One condition clause (`operator: { key: [values] }`) compiled once, with AWS's rules applied on
 * top of the operator. References are to the IAM User Guide.
 *
 * Values: a context value satisfies a positive operator when it matches ANY policy value (OR), and
 * a negated operator (`StringNotEquals`, `NotIpAddress`, …) when it matches NONE of them (NOR)
 * ("Evaluation logic for multiple context keys or values").
 *
 * Missing key ("Condition operators", Important box; "Single-valued vs. multivalued context keys"):
 * - plain positive operator → false; plain negated operator → true;
 * - `…IfExists` → true ("If the key is not present, evaluate the condition element as true"), also
 *   under a set qualifier;
 * - `ForAllValues:` → true ("It also returns true if there are no context keys in the request"),
 *   negated or not; `ForAnyValue:` → false ("if the key does not exist, the condition returns
 *   false"), negated or not;
 * - `Null` → its value says whether the key must be absent (`true`) or present (`false`). The guide
 *   gives no meaning to a set qualifier on Null; it is accepted and has no effect.
 * A key whose value is an empty list counts as missing: "context keys with empty values" are what
 * a `Null: false` check guards `ForAllValues` against ("Multivalued context key examples").
 *
 * Set qualifiers: `ForAllValues:` holds when every context value satisfies the operator,
 * `ForAnyValue:` when at least one does. A single string is a one-element set, except the empty
 * string: "If the key values in the request resolve to an empty data set (for example, an empty
 * string), a condition operator modified by ForAllValues returns true, and a condition operator
 * modified by ForAnyValue returns false" ("Creating a condition that tests multiple key values").
 *
 * A multivalued context value WITHOUT a set qualifier: the guide says "Multivalued context keys
 * require a condition set operator" ("Single-valued vs. multivalued context keys") without saying
 * what a plain operator does with one. Observed behaviour: a plain operator never matches a context
 * key holding several values — `StringEquals` on `aws:CalledVia` denied a forward-access-session
 * call that `ForAnyValue:StringEquals` allowed "once the request carries more than one service"
 * (boogy/iam-policy-validator#161), and the AGPL simulator the differential test uses evaluates it as no match (its
 * source notes this was confirmed with AWS at re:Inforce 2025, session IAM431). So here: a list of
 * two or more values makes a clause without a set qualifier false, whether its operator is negated
 * or not and with or without IfExists (the key exists); a one-element list is read as its single
 * value (the same report has the plain operator working while the chain held one service).
 */

/** A condition clause ready to test: no allocation per test. */
export interface CompiledClause {
  readonly clause: ConditionClause;
  /** The context key, lower-cased. */
  readonly lowerKey: string;
  /** Lower-cased keys of policy variables without a default that the clause's values read. */
  readonly requiredKeys: readonly string[];
  /** Whether the clause holds. A policy value whose variable has no value matches nothing. */
  test(context: RequestContext): boolean;
}

/** A clause that cannot be compiled; `issue` says what and where, as the parser reports it. */
export class ConditionClauseError extends Error {
  constructor(readonly issue: PolicyIssue) {
    super(issue.message);
  }
}

function fail(code: PolicyErrorCode, message: string, at: Located): never {
  throw new ConditionClauseError({ code, message, span: at.span });
}

/** Compiles one value, turning the operator's errors into a ConditionClauseError at the value. */
function compileValue<T>(value: Located, compile: (text: string) => T): T {
  try {
    return compile(value.value);
  } catch (e) {
    if (e instanceof ConditionValueError) fail('invalid-condition-value', e.message, value);
    if (e instanceof PatternError) fail('invalid-variable', e.message, value);
    throw e;
  }
}

function isEmpty(value: string | readonly string[]): boolean {
  return typeof value !== 'string' && value.length === 0;
}

/** `Null`: holds when the key's presence is what one of the values asks for. */
class PresenceClause implements CompiledClause {
  readonly requiredKeys: readonly string[] = [];

  constructor(
    readonly clause: ConditionClause,
    readonly lowerKey: string,
    private readonly whenAbsent: boolean,
    private readonly whenPresent: boolean,
  ) {}

  test(context: RequestContext): boolean {
    const value = context.get(this.lowerKey);
    return value === undefined || isEmpty(value) ? this.whenAbsent : this.whenPresent;
  }
}

/** Any operator but Null, with its qualifiers. */
class ValueClause implements CompiledClause {
  constructor(
    readonly clause: ConditionClause,
    readonly lowerKey: string,
    readonly requiredKeys: readonly string[],
    private readonly matchers: readonly ValueMatcher[],
    private readonly negated: boolean,
    /** The result when the key is missing or empty. */
    private readonly whenMissing: boolean,
  ) {}

  /** Whether one context value satisfies the operator: matches any value, or none if negated. */
  private holds(subject: string, context: RequestContext): boolean {
    const matchers = this.matchers;
    for (let i = 0; i < matchers.length; i++) {
      if ((matchers[i] as ValueMatcher).test(subject, context)) return !this.negated;
    }
    return this.negated;
  }

  test(context: RequestContext): boolean {
    const value = context.get(this.lowerKey);
    if (value === undefined) return this.whenMissing;
    const set = this.clause.setOperator;
    if (typeof value === 'string') {
      if (set !== undefined && value === '') return this.whenMissing;
      return this.holds(value, context);
    }
    const n = value.length;
    if (n === 0) return this.whenMissing;
    if (set === undefined) return n === 1 && this.holds(value[0] as string, context);
    if (set === 'ForAllValues') {
      for (let i = 0; i < n; i++) if (!this.holds(value[i] as string, context)) return false;
      return true;
    }
    for (let i = 0; i < n; i++) if (this.holds(value[i] as string, context)) return true;
    return false;
  }
}

/**
 * Compiles a condition clause; `variables` is whether the policy's Version substitutes policy
 * variables (only operators that accept them do). Throws ConditionClauseError for an unknown
 * operator, IfExists on Null, or a value its operator cannot read.
 * @example compileClause(clause, true).test(new RequestContext({ 'aws:MultiFactorAuthPresent': true }))
 */
export function compileClause(clause: ConditionClause, variables: boolean): CompiledClause {
  const operator = findOperator(clause.base);
  if (!operator)
    fail('invalid-condition-operator', `Unknown condition operator '${clause.base}'.`, clause.operator);
  const lowerKey = clause.key.value.toLowerCase();

  if (operator.kind === 'presence') {
    if (clause.ifExists) {
      fail('invalid-condition-operator', 'IfExists cannot be added to Null.', clause.operator);
    }
    // Several values are ORed as for any operator: ["true", "false"] always holds.
    let whenAbsent = false;
    let whenPresent = false;
    for (const value of clause.values) {
      if (compileValue(value, (text) => operator.compile(text))) whenAbsent = true;
      else whenPresent = true;
    }
    return new PresenceClause(clause, lowerKey, whenAbsent, whenPresent);
  }

  const options = { variables: variables && operator.acceptsVariables };
  const matchers = clause.values.map((value) =>
    compileValue(value, (text) => operator.compile(text, options)),
  );
  const requiredKeys = [...new Set(matchers.flatMap((m) => m.requiredKeys))];
  const whenMissing =
    clause.ifExists ||
    (clause.setOperator === 'ForAllValues'
      ? true
      : clause.setOperator === 'ForAnyValue'
        ? false
        : operator.negated);
  return new ValueClause(clause, lowerKey, requiredKeys, matchers, operator.negated, whenMissing);
}
