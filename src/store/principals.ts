import type { Selectable } from 'kysely';
import type { GroupsTable, UsersTable } from './database.js';
import type { Tx } from './store.js';
import { withJoinedTags } from './tags.js';

export type UserRow = Selectable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;

/**
 * The account root's row among the users: it owns the root's credentials (access keys, sessions,
 * MFA devices) like any user's, and is never listed or counted as one. No API call can name it:
 * IAM user names cannot hold `<` or `>`.
 */
export const ROOT_USER_NAME = '<root_account>';

/** A user by name (case-insensitive, as IAM names are), or undefined. */
export function findUser(tx: Tx, accountId: string, name: string): Promise<UserRow | undefined> {
  return tx
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}

/**
 * A user by name (case-insensitive) with its tags in the order first set, read in one statement
 * (one consistent view without a transaction); or undefined.
 */
export async function findUserWithTags(
  tx: Tx,
  accountId: string,
  name: string,
): Promise<{ user: UserRow; tags: { key: string; value: string }[] } | undefined> {
  const rows = await tx
    .selectFrom('users')
    .leftJoin('tags', 'tags.resource_id', 'users.id')
    .selectAll('users')
    .select(['tags.key as tag_key', 'tags.value as tag_value'])
    .where('users.account_id', '=', accountId)
    .where('users.name_key', '=', name.toLowerCase())
    .orderBy('tags.seq')
    .execute();
  const found = withJoinedTags(rows);
  return found && { user: found.row, tags: found.tags };
}

/** A group by name (case-insensitive), or undefined. */
export function findGroup(tx: Tx, accountId: string, name: string): Promise<GroupRow | undefined> {
  return tx
    .selectFrom('groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}
