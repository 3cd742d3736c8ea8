import { ConditionValueError, type PresenceOperator } from './operator.js';

/**
 * `Null` checks presence: `true` means the key must be absent ("the key doesn't exist — it is
 * null"), `false` that it must be present (IAM User Guide, "Condition operator to check existence
 * of condition keys"). The values are read like Bool's, ignoring case. IfExists cannot be added to
 * Null, and Null takes no policy variables.
 */

/** `Null`: compiles `true` (key absent) or `false` (key present). */
export const Null: PresenceOperator = Object.freeze({
  kind: 'presence',
  name: 'Null',
  compile(value: string): boolean {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new ConditionValueError(
      `Null expects true (the key is absent) or false (it is present), not '${value}'.`,
    );
  },
});
