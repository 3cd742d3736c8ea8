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
