import type { ContextInput } from '../policy/index.js';

/**
 * The condition keys a request's tags carry, in every service: `aws:RequestTag/KEY` for each tag and
 * `aws:TagKeys` for all their keys; none without tags.
 */
export function requestTagKeys(
  tags: readonly { readonly Key: string; readonly Value: string }[],
): Record<string, ContextInput> {
  if (tags.length === 0) return {};
  const keys: Record<string, ContextInput> = { 'aws:TagKeys': tags.map((tag) => tag.Key) };
  for (const { Key, Value } of tags) keys[`aws:RequestTag/${Key}`] = Value;
  return keys;
}
