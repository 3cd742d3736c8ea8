import type { Selectable } from 'kysely';
import type { TagsTable } from './database.js';
import type { Tx } from './store.js';

export type TagRow = Selectable<TagsTable>;

/** A resource's tags, in the order they were first set. */
export function listTags(tx: Tx, resourceId: string): Promise<TagRow[]> {
  return tx.selectFrom('tags').selectAll().where('resource_id', '=', resourceId).orderBy('seq').execute();
}

/** Adds a tag whose key the resource does not have yet. */
export async function insertTag(tx: Tx, resourceId: string, key: string, value: string): Promise<void> {
  await tx.insertInto('tags').values({ resource_id: resourceId, key, value }).execute();
}

/** Rewrites one tag in place (it keeps its position). */
export async function updateTag(tx: Tx, seq: number, key: string, value: string): Promise<void> {
  await tx.updateTable('tags').set({ key, value }).where('seq', '=', seq).execute();
}

/** Removes the tags with these row numbers. */
export async function deleteTags(tx: Tx, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  await tx.deleteFrom('tags').where('seq', 'in', seqs).execute();
}

/** A tag as read beside its entity: the columns of a left join on `tags` (null when it has none). */
export interface JoinedTag {
  tag_key: string | null;
  tag_value: string | null;
}

/**
 * Splits the rows of an entity left-joined with its tags (one row a tag, in tag order, or one row
 * with null tag columns) into the entity and its tags; undefined when there are no rows. Reading
 * both in one statement gives one consistent view of them without a transaction.
 */
export function withJoinedTags<R extends JoinedTag>(
  rows: readonly R[],
): { row: Omit<R, keyof JoinedTag>; tags: { key: string; value: string }[] } | undefined {
  const [first] = rows;
  if (!first) return undefined;
  const row: Partial<R> = { ...first };
  delete row.tag_key;
  delete row.tag_value;
  const tags: { key: string; value: string }[] = [];
  for (const { tag_key, tag_value } of rows)
    if (tag_key !== null && tag_value !== null) tags.push({ key: tag_key, value: tag_value });
  return { row: row as Omit<R, keyof JoinedTag>, tags };
}
