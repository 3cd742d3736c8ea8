import type { Selectable } from 'kysely';
import type { AccountsTable } from './database.js';
import { ROOT_USER_NAME } from './principals.js';
import type { Tx } from './store.js';

export type AccountRow = Selectable<AccountsTable>;

/** The account, or undefined. */
export function findAccount(tx: Tx, id: string): Promise<AccountRow | undefined> {
  return tx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account holding this alias (aliases are unique across all accounts), or undefined. */
export function findAccountByAlias(tx: Tx, alias: string): Promise<AccountRow | undefined> {
  return tx.selectFrom('accounts').selectAll().where('alias', '=', alias).executeTakeFirst();
}

/** Sets (or with null, clears) the account's alias. */
export async function setAlias(tx: Tx, id: string, alias: string | null): Promise<void> {
  await tx.updateTable('accounts').set({ alias }).where('id', '=', id).execute();
}

/** How many of each IAM entity the account holds, as GetAccountSummary reports them. */
export interface AccountUsage {
  readonly users: number;
  readonly groups: number;
  readonly policies: number;
  /** Managed policy attachments to users, groups and roles. */
  readonly attachments: number;
}

/** Counts the account's users, groups, customer managed policies and policy attachments. */
export async function accountUsage(tx: Tx, accountId: string): Promise<AccountUsage> {
  const count = async (table: 'groups' | 'policies' | 'attachments'): Promise<number> => {
    const { n } = await tx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  const { n: users } = await tx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('name_key', '!=', ROOT_USER_NAME)
    .executeTakeFirstOrThrow();
  return {
    users: Number(users),
    groups: await count('groups'),
    policies: await count('policies'),
    attachments: await count('attachments'),
  };
}

/** Creates an account (first run). */
export async function insertAccount(tx: Tx, id: string, now: Date): Promise<void> {
  await tx
    .insertInto('accounts')
    .values({ id, alias: null, password_policy: null, created_at: now.toISOString() })
    .execute();
}
