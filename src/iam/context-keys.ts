import type { PolicyDocument } from '../policy/index.js';

/**
 * The context keys a set of policies refers to, as GetContextKeysForCustomPolicy and
 * GetContextKeysForPrincipalPolicy list them and as the simulator checks them for
 * MissingContextValues: every condition key, and every policy variable (`${aws:username}`) in a
 * Resource, NotResource or condition value of a 2012-10-17 policy (the AWS CLI's own example lists
 * `aws:username` for a policy naming it only in a Resource). Spelled as the policy spells them;
 * keys are case-insensitive, so one spelling is listed per key, the first met.
 */

/** `${key}` or `${key, 'default'}`; `${*}`, `${?}` and `${$}` are escapes, not keys. */
const VARIABLE = /\$\{([^}]*)\}/g;

function variablesIn(value: string): string[] {
  const keys: string[] = [];
  for (const match of value.matchAll(VARIABLE)) {
    const key = (match[1] ?? '').split(',')[0]?.trim() ?? '';
    if (key !== '' && !['*', '?', '$'].includes(key)) keys.push(key);
  }
  return keys;
}

/** The keys one document refers to, in document order (duplicates included). */
function keysOf(document: PolicyDocument): string[] {
  const variables = document.version === '2012-10-17';
  const keys: string[] = [];
  for (const statement of document.statements) {
    if (variables) for (const { value } of statement.resource?.values ?? []) keys.push(...variablesIn(value));
    for (const clause of statement.conditions) {
      keys.push(clause.key.value);
      if (variables) for (const { value } of clause.values) keys.push(...variablesIn(value));
    }
  }
  return keys;
}

/**
 * The distinct context keys of the documents, in order of first use.
 * @example contextKeys([forceMfa]) // ['aws:username', 'aws:MultiFactorAuthPresent']
 */
export function contextKeys(documents: Iterable<PolicyDocument>): string[] {
  const seen = new Set<string>();
  const keys: string[] = [];
  for (const document of documents)
    for (const key of keysOf(document)) {
      const lower = key.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      keys.push(key);
    }
  return keys;
}
