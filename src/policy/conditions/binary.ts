import { Buffer } from 'node:buffer';
import { ConditionValueError, type ValueMatcher, type ValueOperator } from './operator.js';

/**
 * `BinaryEquals` compares bytes: the policy value is base64 (IAM User Guide, "Binary condition
 * operators"), and so is the context value, since the request context holds strings. Only the
 * standard alphabet with its `=` padding is base64 here; no blanks, no URL-safe alphabet.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes strict base64; undefined when the text is not base64. */
export function decodeBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

function compileBinary(value: string): ValueMatcher {
  const bytes = decodeBase64(value);
  if (!bytes) throw new ConditionValueError(`BinaryEquals expects a base64 value, not '${value}'.`);
  // Equal bytes usually come as the same text; decode only when the texts differ (the unused bits
  // of the last character may differ between two encodings of the same bytes).
  const canonical = bytes.toString('base64');
  return {
    requiredKeys: [],
    test: (subject) => {
      if (subject === canonical) return true;
      const other = subject.length === canonical.length ? decodeBase64(subject) : undefined;
      return other !== undefined && other.equals(bytes);
    },
  };
}

/** `BinaryEquals`: the context value's bytes equal the policy value's. */
export const BinaryEquals: ValueOperator = Object.freeze({
  kind: 'value',
  name: 'BinaryEquals',
  negated: false,
  acceptsVariables: false,
  compile: compileBinary,
});
