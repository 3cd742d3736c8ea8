import type { Selectable } from 'kysely';
import type { Database } from './database.js';
import { ROOT_USER_NAME } from './principals.js';
import type { Tx } from './store.js';

/** The tables of named, pathed IAM entities: same columns for name, path, ARN and account. */
export type NamedTable = 'users' | 'groups' | 'roles';

/** How many entities of this kind the account has (the root is no user). */
export async function countNamed(tx: Tx, table: NamedTable, accountId: string): Promise<number> {
  const { count } = await tx
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', accountId)
    .where('name_key', '!=', ROOT_USER_NAME)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The account's entities whose path starts with `pathPrefix`, in name order (without regard to case). */
export async function listNamed<T extends NamedTable>(
  tx: Tx,
  table: T,
  accountId: string,
  pathPrefix = '/',
): Promise<Selectable<Database[T]>[]> {
  const rows = await tx
    .selectFrom(table as NamedTable)
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '!=', ROOT_USER_NAME)
    .orderBy('name_key')
    .orderBy('name')
    .execute();
  // Filtered here rather than with LIKE: paths may hold `%` and `_`.
  return rows.filter((row) => row.path.startsWith(pathPrefix)) as Selectable<Database[T]>[];
}

/** Renames or moves an entity (the name, its key and the ARN change together). */
export async function renameNamed(
  tx: Tx,
  table: NamedTable,
  id: string,
  changes: { name: string; name_key: string; path: string; arn: string },
): Promise<void> {
  await tx.updateTable(table).set(changes).where('id', '=', id).execute();
}
