import type { Selectable } from 'kysely';
import type { AccessKeysTable } from './database.js';
import type { Tx } from './store.js';
import { withJoinedTags } from './tags.js';

export type AccessKeyRow = Selectable<AccessKeysTable>;

/** An access key with the name of the user who owns it. */
export type AccessKeyWithUser = AccessKeyRow & { user_name: string; user_arn: string };

/**
 * Serializes credential changes for one user until the transaction ends (a no-op update takes the
 * user's row lock on PostgreSQL and the write lock on SQLite), so two concurrent creations cannot
 * both pass a per-user quota check.
 */
export async function lockUserCredentials(tx: Tx, userId: string): Promise<void> {
  await tx
    .updateTable('users')
    .set((eb) => ({ arn: eb.ref('arn') }))
    .where('id', '=', userId)
    .execute();
}

export async function insertAccessKey(tx: Tx, row: AccessKeyRow): Promise<void> {
  await tx.insertInto('access_keys').values(row).execute();
}

/** The user's access keys, oldest first. */
export function listAccessKeys(tx: Tx, userId: string): Promise<AccessKeyRow[]> {
  return tx
    .selectFrom('access_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countAccessKeys(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx
    .selectFrom('access_keys')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** An access key by id, with its owner's name, or undefined. */
export function findAccessKeyById(tx: Tx, accessKeyId: string): Promise<AccessKeyWithUser | undefined> {
  return tx
    .selectFrom('access_keys')
    .innerJoin('users', 'users.id', 'access_keys.user_id')
    .selectAll('access_keys')
    .select(['users.name as user_name', 'users.arn as user_arn'])
    .where('access_keys.id', '=', accessKeyId)
    .executeTakeFirst();
}

/**
 * An access key by id with its owner's name and tags, read in one statement: what authenticating
 * a request needs, in one round trip.
 */
export async function findAccessKeyWithOwnerTags(
  tx: Tx,
  accessKeyId: string,
): Promise<(AccessKeyWithUser & { user_tags: { key: string; value: string }[] }) | undefined> {
  const rows = await tx
    .selectFrom('access_keys')
    .innerJoin('users', 'users.id', 'access_keys.user_id')
    .leftJoin('tags', 'tags.resource_id', 'access_keys.user_id')
    .selectAll('access_keys')
    .select(['users.name as user_name', 'users.arn as user_arn'])
    .select(['tags.key as tag_key', 'tags.value as tag_value'])
    .where('access_keys.id', '=', accessKeyId)
    .orderBy('tags.seq')
    .execute();
  const found = withJoinedTags(rows);
  return found && { ...found.row, user_tags: found.tags };
}

/** Sets the status of the user's key; whether the user has such a key. */
export async function setAccessKeyStatus(
  tx: Tx,
  userId: string,
  accessKeyId: string,
  status: AccessKeyRow['status'],
): Promise<boolean> {
  const result = await tx
    .updateTable('access_keys')
    .set({ status })
    .where('id', '=', accessKeyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes the user's key; whether the user had such a key. */
export async function deleteAccessKey(tx: Tx, userId: string, accessKeyId: string): Promise<boolean> {
  const result = await tx
    .deleteFrom('access_keys')
    .where('id', '=', accessKeyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Records that the key signed a request for `service` in `region` at `at` (ISO 8601). */
export async function setAccessKeyLastUsed(
  tx: Tx,
  accessKeyId: string,
  service: string,
  region: string,
  at: string,
): Promise<void> {
  await tx
    .updateTable('access_keys')
    .set({ last_used_at: at, last_used_service: service, last_used_region: region })
    .where('id', '=', accessKeyId)
    .execute();
}
