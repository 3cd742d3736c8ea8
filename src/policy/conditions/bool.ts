import { Pattern } from '../pattern.js';
import {
  ConditionValueError,
  type CompileOptions,
  type ValueMatcher,
  type ValueOperator,
} from './operator.js';

/**
 * `Bool` compares `true`/`false`, ignoring case, in the policy and in the request. A context value
 * that is neither never matches. The IAM User Guide's "Boolean condition operators" section says
 * policy variables can be used with Bool (its "Variables and tags" page says otherwise); we follow
 * the operator page, so a value with a variable is checked once it is substituted.
 */

/** Reads `true`/`false` in any case; undefined for anything else. */
export function parseBool(text: string): boolean | undefined {
  if (text.length === 4 && text.toLowerCase() === 'true') return true;
  if (text.length === 5 && text.toLowerCase() === 'false') return false;
  return undefined;
}

function compileBool(value: string, options: CompileOptions): ValueMatcher {
  if (options.variables && value.includes('${')) {
    const pattern = Pattern.compile(value, { wildcards: false, variables: true, ignoreCase: true });
    if (pattern.literal === undefined) {
      return {
        requiredKeys: pattern.requiredKeys,
        test: (subject, context) => {
          const resolved = pattern.resolve(context);
          const expected = resolved === undefined ? undefined : parseBool(resolved);
          return expected !== undefined && parseBool(subject) === expected;
        },
      };
    }
    value = pattern.literal;
  }
  const expected = parseBool(value);
  if (expected === undefined) throw new ConditionValueError(`Bool expects true or false, not '${value}'.`);
  return { requiredKeys: [], test: (subject) => parseBool(subject) === expected };
}

/** `Bool`: the context value is the same boolean as the policy value. */
export const Bool: ValueOperator = Object.freeze({
  kind: 'value',
  name: 'Bool',
  negated: false,
  acceptsVariables: true,
  compile: compileBool,
});
