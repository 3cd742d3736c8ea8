import type { SecretBox } from '../auth/secret-box.js';
import { findAccount } from '../store/accounts.js';
import { findUser, ROOT_USER_NAME } from '../store/principals.js';
import type { Tx } from '../store/store.js';
import { insertUser } from '../store/users.js';
import { createAccessKey } from './access-keys.js';
import { IamError } from './errors.js';
import type { TemporaryCredentials } from './sessions.js';

/**
 * The account root: `arn:aws:iam::ACCOUNT:root`, whose `aws:userid` is the account id. No policy
 * governs it. AWS advises against root access keys; iamfa makes one only on request (`iamfa
 * root-access-key`), for the tests and tools that need to act as the root.
 */

/** The root's ARN. */
export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** Whether an ARN is an account's root. */
export function isRootArn(arn: string, accountId: string): boolean {
  return arn === rootArn(accountId);
}

/** The id of the root's row (its credentials' owner); its `aws:userid` is the account id. */
export function rootUserId(accountId: string): string {
  return `ROOT${accountId}`;
}

/** The root's row, created with the account's creation time if the account has none yet. */
async function ensureRootUser(tx: Tx, accountId: string): Promise<void> {
  if (await findUser(tx, accountId, ROOT_USER_NAME)) return;
  const account = await findAccount(tx, accountId);
  if (!account) throw new IamError('NoSuchEntity', `The account ${accountId} does not exist.`);
  await insertUser(tx, {
    id: rootUserId(accountId),
    account_id: accountId,
    name: ROOT_USER_NAME,
    name_key: ROOT_USER_NAME,
    path: '/',
    arn: rootArn(accountId),
    permissions_boundary: null,
    created_at: account.created_at,
    password_last_used: null,
  });
}

/** Creates an access key for the account root (at most two, as for any principal). */
export async function createRootAccessKey(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  now: Date,
): Promise<Pick<TemporaryCredentials, 'AccessKeyId' | 'SecretAccessKey'>> {
  await ensureRootUser(tx, accountId);
  const key = await createAccessKey(tx, secrets, accountId, ROOT_USER_NAME, now);
  return { AccessKeyId: key.AccessKeyId, SecretAccessKey: key.SecretAccessKey };
}
