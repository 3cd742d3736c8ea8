import { Pattern } from '../pattern.js';
import type { CompileOptions, ValueMatcher, ValueOperator } from './operator.js';

/**
 * String operators. Equals compares the whole text (policy variables substituted, `*` and `?`
 * literal); Like adds the `*` and `?` wildcards; IgnoreCase compares lower-cased text.
 * Policy variables are accepted in all six (IAM User Guide, "String condition operators").
 */

function equalsMatcher(value: string, options: CompileOptions, ignoreCase: boolean): ValueMatcher {
  const pattern = Pattern.compile(value, { wildcards: false, variables: options.variables, ignoreCase });
  const literal = pattern.literal;
  if (literal !== undefined) {
    return {
      requiredKeys: pattern.requiredKeys,
      test: ignoreCase ? (subject) => subject.toLowerCase() === literal : (subject) => subject === literal,
    };
  }
  return {
    requiredKeys: pattern.requiredKeys,
    test: ignoreCase
      ? (subject, context) => pattern.matches(subject.toLowerCase(), context)
      : (subject, context) => pattern.matches(subject, context),
  };
}

function likeMatcher(value: string, options: CompileOptions): ValueMatcher {
  const pattern = Pattern.compile(value, {
    wildcards: true,
    variables: options.variables,
    ignoreCase: false,
  });
  if (pattern.isMatchAll) return { requiredKeys: pattern.requiredKeys, test: () => true };
  return {
    requiredKeys: pattern.requiredKeys,
    test: (subject, context) => pattern.matches(subject, context),
  };
}

function stringOperator(
  name: string,
  negated: boolean,
  compile: (value: string, options: CompileOptions) => ValueMatcher,
): ValueOperator {
  return Object.freeze({ kind: 'value', name, negated, acceptsVariables: true, compile });
}

/** `StringEquals`: exact, case-sensitive match. */
export const StringEquals = stringOperator('StringEquals', false, (v, o) => equalsMatcher(v, o, false));
/** `StringNotEquals`: holds when the value equals none of the policy values. */
export const StringNotEquals = stringOperator('StringNotEquals', true, (v, o) => equalsMatcher(v, o, false));
/** `StringEqualsIgnoreCase`: exact match, ignoring case. */
export const StringEqualsIgnoreCase = stringOperator('StringEqualsIgnoreCase', false, (v, o) =>
  equalsMatcher(v, o, true),
);
/** `StringNotEqualsIgnoreCase`: holds when the value equals none of the policy values, ignoring case. */
export const StringNotEqualsIgnoreCase = stringOperator('StringNotEqualsIgnoreCase', true, (v, o) =>
  equalsMatcher(v, o, true),
);
/** `StringLike`: case-sensitive match with `*` (any run) and `?` (one character) wildcards. */
export const StringLike = stringOperator('StringLike', false, likeMatcher);
/** `StringNotLike`: holds when the value is like none of the policy values. */
export const StringNotLike = stringOperator('StringNotLike', true, likeMatcher);

/** The six String operators. */
export const STRING_OPERATORS: readonly ValueOperator[] = [
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
];
