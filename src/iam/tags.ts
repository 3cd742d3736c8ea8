import { deleteTags, insertTag, listTags, updateTag } from '../store/tags.js';
import type { Tx } from '../store/store.js';
import { quotaExceeded } from './account.js';
import { IamError } from './errors.js';

/**
 * Tags on IAM users (and roles): keys are unique without regard to case, but keep the case they
 * were written with; setting a key the entity already has replaces that tag.
 */

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** The most tags one entity may carry. */
export const TAGS_PER_ENTITY = 50;

/**
 * Rejects a list of new tags that names a key twice (in any case) or uses the `aws:` prefix, which
 * AWS reserves for itself.
 */
export function checkNewTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const { Key } of tags) {
    const key = Key.toLowerCase();
    if (key.startsWith('aws:')) {
      throw new IamError('InvalidInput', "Tag keys starting with 'aws:' are reserved for internal use.");
    }
    if (seen.has(key)) {
      throw new IamError(
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(key);
  }
}

/**
 * Adds tags to an entity, replacing those whose keys it already has. `entity` names the quota in
 * the LimitExceeded message ("TagsPerUser").
 */
export async function setTags(
  tx: Tx,
  resourceId: string,
  tags: readonly Tag[],
  entity: 'User' | 'Role' | 'MFADevice',
): Promise<void> {
  checkNewTags(tags);
  const existing = new Map((await listTags(tx, resourceId)).map((row) => [row.key.toLowerCase(), row]));
  const added = tags.filter((tag) => !existing.has(tag.Key.toLowerCase()));
  if (existing.size + added.length > TAGS_PER_ENTITY) {
    throw quotaExceeded(`TagsPer${entity}`, TAGS_PER_ENTITY);
  }
  for (const tag of tags) {
    const row = existing.get(tag.Key.toLowerCase());
    if (row) await updateTag(tx, row.seq, tag.Key, tag.Value);
    else await insertTag(tx, resourceId, tag.Key, tag.Value);
  }
}

/** Removes the tags with these keys (in any case); keys the entity does not have are ignored. */
export async function removeTags(tx: Tx, resourceId: string, keys: readonly string[]): Promise<void> {
  const wanted = new Set(keys.map((key) => key.toLowerCase()));
  const rows = await listTags(tx, resourceId);
  await deleteTags(
    tx,
    rows.filter((row) => wanted.has(row.key.toLowerCase())).map((row) => row.seq),
  );
}

/** An entity's tags, in the order they were first set. */
export async function tagsOf(tx: Tx, resourceId: string): Promise<Tag[]> {
  return apiTags(await listTags(tx, resourceId));
}

/** Tags as the store keeps them (`key`, `value`), as the API names them. */
export function apiTags(rows: readonly { readonly key: string; readonly value: string }[]): Tag[] {
  return rows.map((row) => ({ Key: row.key, Value: row.value }));
}
