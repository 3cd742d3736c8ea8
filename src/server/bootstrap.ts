import type { SecretBox } from '../auth/secret-box.js';
import { createAccountAlias } from '../iam/account.js';
import { createAccessKey } from '../iam/access-keys.js';
import { attachPolicy } from '../iam/attachments.js';
import { createUser } from '../iam/users.js';
import { findAccount, insertAccount } from '../store/accounts.js';
import type { Store } from '../store/store.js';
import type { ServerConfig } from './config.js';

export const ADMIN_USER = 'admin';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** The bootstrap administrator's credentials, known only on the run that created them. */
export interface AdminCredentials {
  readonly accountId: string;
  readonly userName: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * On first run (no account yet), creates the account, its alias, and an administrator with
 * AdministratorAccess and one access key, all in one transaction; `keep` saves the credentials
 * before it commits, so they cannot be lost to a crash in between. Returns the credentials then,
 * and undefined on later runs.
 */
export async function bootstrap(
  store: Store,
  secrets: SecretBox,
  config: ServerConfig,
  keep: (admin: AdminCredentials) => Promise<void>,
): Promise<AdminCredentials | undefined> {
  const { accountId } = config;
  const given =
    config.adminAccessKeyId !== undefined && config.adminSecretAccessKey !== undefined
      ? { accessKeyId: config.adminAccessKeyId, secretAccessKey: config.adminSecretAccessKey }
      : undefined;
  return store.transaction(async (tx) => {
    if (await findAccount(tx, accountId)) return undefined;
    const now = new Date();
    await insertAccount(tx, accountId, now);
    if (config.accountAlias !== undefined) await createAccountAlias(tx, accountId, config.accountAlias);
    await createUser(tx, accountId, { userName: ADMIN_USER }, now);
    await attachPolicy(tx, accountId, { kind: 'user', name: ADMIN_USER }, ADMINISTRATOR_ACCESS);
    const key = await createAccessKey(tx, secrets, accountId, ADMIN_USER, now, given);
    const admin = {
      accountId,
      userName: ADMIN_USER,
      accessKeyId: key.AccessKeyId,
      secretAccessKey: key.SecretAccessKey,
    };
    await keep(admin);
    return admin;
  });
}
