import type { Selectable } from 'kysely';
import type { GroupsTable, UsersTable } from './database.js';
import type { Tx } from './store.js';

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

/** A group by name (case-insensitive), or undefined. */
export function findGroup(tx: Tx, accountId: string, name: string): Promise<GroupRow | undefined> {
  return tx
    .selectFrom('groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}
