import type { Tx } from './store.js';

/**
 * An account's password policy as stored in `accounts.password_policy` (JSON). Every field is
 * present: UpdateAccountPasswordPolicy replaces the whole policy, defaults included. The three
 * optional ones are absent when they were not set, as GetAccountPasswordPolicy then omits them.
 */
export interface StoredPasswordPolicy {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  readonly maxPasswordAge?: number;
  readonly passwordReusePrevention?: number;
  readonly hardExpiry?: boolean;
}

/** The account's password policy, or undefined when it has none (or there is no such account). */
export async function readPasswordPolicy(
  tx: Tx,
  accountId: string,
): Promise<StoredPasswordPolicy | undefined> {
  const row = await tx
    .selectFrom('accounts')
    .select('password_policy')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!row || row.password_policy === null) return undefined;
  return parsePolicy(row.password_policy);
}

/** Sets (or, with undefined, removes) the account's password policy. */
export async function writePasswordPolicy(
  tx: Tx,
  accountId: string,
  policy: StoredPasswordPolicy | undefined,
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({ password_policy: policy === undefined ? null : JSON.stringify(policy) })
    .where('id', '=', accountId)
    .execute();
}

// The column is only ever written by writePasswordPolicy; a row that does not parse means the
// database was edited by hand, and enforcing half a policy would be worse than failing loudly.
function parsePolicy(text: string): StoredPasswordPolicy {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('Corrupt stored password policy.');
  const v = value as Record<string, unknown>;
  const int = (key: string): number => {
    const n = v[key];
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error('Corrupt stored password policy.');
    return n;
  };
  const bool = (key: string): boolean => {
    const b = v[key];
    if (typeof b !== 'boolean') throw new Error('Corrupt stored password policy.');
    return b;
  };
  return {
    minimumPasswordLength: int('minimumPasswordLength'),
    requireSymbols: bool('requireSymbols'),
    requireNumbers: bool('requireNumbers'),
    requireUppercaseCharacters: bool('requireUppercaseCharacters'),
    requireLowercaseCharacters: bool('requireLowercaseCharacters'),
    allowUsersToChangePassword: bool('allowUsersToChangePassword'),
    ...(v['maxPasswordAge'] !== undefined && { maxPasswordAge: int('maxPasswordAge') }),
    ...(v['passwordReusePrevention'] !== undefined && {
      passwordReusePrevention: int('passwordReusePrevention'),
    }),
    ...(v['hardExpiry'] !== undefined && { hardExpiry: bool('hardExpiry') }),
  };
}
