import type { Insertable, Selectable } from 'kysely';
import type { Ec2InstancesTable, Ec2SettledState } from './database.js';
import type { Tx } from './store.js';

export type InstanceRow = Selectable<Ec2InstancesTable>;
export type NewInstanceRow = Insertable<Ec2InstancesTable>;

/** Records newly launched instances. */
export async function insertInstances(tx: Tx, rows: readonly NewInstanceRow[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('ec2_instances')
      .values([...rows])
      .execute();
}

/** The account's instances in a region with these ids (those that exist), in launch order. */
export function findInstances(
  tx: Tx,
  accountId: string,
  region: string,
  ids: readonly string[],
): Promise<InstanceRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('ec2_instances')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('region', '=', region)
    .where('id', 'in', ids)
    .orderBy('seq')
    .execute();
}

/** The account's instances in a region, in launch order, from just after `afterSeq`. */
export function listInstances(
  tx: Tx,
  accountId: string,
  region: string,
  afterSeq = 0,
): Promise<InstanceRow[]> {
  return tx
    .selectFrom('ec2_instances')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('region', '=', region)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
}

/** Starts an instance's transition towards `state`. */
export async function setInstanceState(
  tx: Tx,
  id: string,
  state: Ec2SettledState,
  changedAt: string,
): Promise<void> {
  await tx
    .updateTable('ec2_instances')
    .set({ state, state_changed_at: changedAt })
    .where('id', '=', id)
    .execute();
}
