import type { RequestContext } from '../context.js';

/**
 * The contract every condition operator family implements. A family file (string.ts, numeric.ts,
 * …) exports its operators; registry.ts collects them; clause.ts applies the qualifiers
 * (`ForAllValues:`, `ForAnyValue:`, `…IfExists`), negation and missing-key rules on top.
 */

/** One policy value, compiled once. */
export interface ValueMatcher {
  /** Lower-cased keys of policy variables without a default that this value reads (for explanations). */
  readonly requiredKeys: readonly string[];
  /** Whether one context value matches this policy value, in the operator's positive sense. */
  test(contextValue: string, context: RequestContext): boolean;
}

export interface CompileOptions {
  /** Policy variables are substituted (Version 2012-10-17, and only String and Arn operators). */
  readonly variables: boolean;
}

/** An operator that compares context values with policy values (all but Null). */
export interface ValueOperator {
  readonly kind: 'value';
  /** The operator's name without qualifiers, e.g. `StringNotLike`. */
  readonly name: string;
  /** Negated operators (`StringNotEquals`, `NotIpAddress`, …) hold when no policy value matches. */
  readonly negated: boolean;
  /** Whether AWS substitutes policy variables in this operator's values. */
  readonly acceptsVariables: boolean;
  /** Compiles one policy value; throws ConditionValueError when the value is not of its type. */
  compile(value: string, options: CompileOptions): ValueMatcher;
}

/** The Null operator: its value says whether the key must be absent (`true`) or present (`false`). */
export interface PresenceOperator {
  readonly kind: 'presence';
  readonly name: 'Null';
  /** Returns true when the value requires the key to be absent; throws ConditionValueError otherwise. */
  compile(value: string): boolean;
}

export type ConditionOperator = ValueOperator | PresenceOperator;

/** A policy value that its operator cannot read (the message says what was expected). */
export class ConditionValueError extends Error {}
