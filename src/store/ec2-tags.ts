import type { Selectable } from 'kysely';
import type { Ec2TagsTable } from './database.js';
import type { Tx } from './store.js';

export type Ec2TagRow = Selectable<Ec2TagsTable>;

/** The tags of these resources, ordered by resource and key. */
export function tagsOfResources(tx: Tx, resourceIds: readonly string[]): Promise<Ec2TagRow[]> {
  if (resourceIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('ec2_tags')
    .selectAll()
    .where('resource_id', 'in', resourceIds)
    .orderBy('resource_id')
    .orderBy('key')
    .execute();
}

/** Sets tags, replacing the value of a key a resource already has. */
export async function putTags(tx: Tx, rows: readonly Ec2TagRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('ec2_tags')
    .values([...rows])
    .onConflict((c) =>
      c.columns(['resource_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
    )
    .execute();
}

/** Removes one tag of a resource. */
export async function removeTag(tx: Tx, resourceId: string, key: string): Promise<void> {
  await tx.deleteFrom('ec2_tags').where('resource_id', '=', resourceId).where('key', '=', key).execute();
}
