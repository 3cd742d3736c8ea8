import type { SecretBox } from '../auth/secret-box.js';
import {
  countAccessKeys,
  deleteAccessKey as deleteAccessKeyRow,
  findAccessKeyById,
  findAccessKeyWithOwnerTags,
  insertAccessKey,
  listAccessKeys as listAccessKeyRows,
  lockUserCredentials,
  setAccessKeyLastUsed,
  setAccessKeyStatus,
  type AccessKeyRow,
} from '../store/access-keys.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { IamError } from './errors.js';
import { newAccessKeyId } from './access-key-ids.js';
import { newSecretAccessKey } from './ids.js';
import { requireUser } from './principals.js';
import { apiTags, type Tag } from './tags.js';

export type CredentialStatus = 'Active' | 'Inactive';

/** The `AccessKeyMetadata` structure: everything about a key but its secret. */
export interface AccessKeyMetadata {
  UserName: string;
  AccessKeyId: string;
  Status: CredentialStatus;
  CreateDate: string;
}

/** The `AccessKey` structure: a new key with its secret, which is never shown again. */
export interface AccessKey extends AccessKeyMetadata {
  SecretAccessKey: string;
}

/** GetAccessKeyLastUsed's output. */
export type AccessKeyLastUsedResult = {
  UserName: string;
  AccessKeyLastUsed: { LastUsedDate?: string; ServiceName: string; Region: string };
};

/** What the request authenticator needs to know about an access key. */
export interface AccessKeyForSigning {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly userId: string;
  readonly userName: string;
  readonly userArn: string;
  readonly status: CredentialStatus;
  readonly lastUsedAt: string | null;
  /** The owner's tags (the request context's `aws:PrincipalTag/…`), read with the key. */
  readonly userTags: readonly Tag[];
  /** The secret access key, decrypted. Keep it out of logs and errors. */
  readonly secret: string;
}

/**
 * The user an operation with an optional UserName acts on: the one named, else the calling IAM
 * user. Anyone else must name one, as AWS tells role sessions (and, here, the account root, which
 * has no credentials of its own in iamfa).
 */
export function userNameOrCaller(
  userName: string | undefined,
  caller: { readonly userName?: string },
): string {
  const name = userName ?? caller.userName;
  if (name === undefined) {
    throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return name;
}

function noSuchAccessKey(accessKeyId: string): IamError {
  return new IamError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
}

function metadata(row: AccessKeyRow, userName: string): AccessKeyMetadata {
  return { UserName: userName, AccessKeyId: row.id, Status: row.status, CreateDate: row.created_at };
}

/** An access key chosen by the operator (the bootstrap administrator's, for CI). */
export interface GivenAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * Creates an active access key for the user (at most two per user): new random credentials, or
 * `given` ones. The secret is returned here and only here; it is stored sealed under the key id.
 */
export async function createAccessKey(
  tx: Tx,
  secrets: SecretBox,
  accountId: string,
  userName: string,
  now: Date,
  given?: GivenAccessKey,
): Promise<AccessKey> {
  const user = await requireUser(tx, accountId, userName);
  await lockUserCredentials(tx, user.id);
  if ((await countAccessKeys(tx, user.id)) >= IAM_QUOTAS.AccessKeysPerUserQuota) {
    throw quotaExceeded('AccessKeysPerUser', IAM_QUOTAS.AccessKeysPerUserQuota);
  }
  // `ASIA` names temporary credentials: a long-term key so named would be looked up as a session.
  if (given && (!/^(?!ASIA)[A-Z0-9]{16,128}$/.test(given.accessKeyId) || given.secretAccessKey.length < 16))
    throw new IamError(
      'InvalidInput',
      'A given access key id is 16–128 upper-case letters and digits, not starting with ASIA; its secret at least 16 characters.',
    );
  const id = given?.accessKeyId ?? newAccessKeyId('AKIA', accountId);
  const secret = given?.secretAccessKey ?? newSecretAccessKey();
  const row: AccessKeyRow = {
    id,
    account_id: accountId,
    user_id: user.id,
    secret: secrets.seal(secret, id),
    status: 'Active',
    created_at: now.toISOString(),
    last_used_at: null,
    last_used_service: null,
    last_used_region: null,
  };
  await insertAccessKey(tx, row);
  return { ...metadata(row, user.name), SecretAccessKey: secret };
}

/** The user's access keys, oldest first, without their secrets. */
export async function listAccessKeys(
  tx: Tx,
  accountId: string,
  userName: string,
): Promise<AccessKeyMetadata[]> {
  const user = await requireUser(tx, accountId, userName);
  return (await listAccessKeyRows(tx, user.id)).map((row) => metadata(row, user.name));
}

/** Activates or deactivates one of the user's keys. */
export async function updateAccessKey(
  tx: Tx,
  accountId: string,
  userName: string,
  accessKeyId: string,
  status: CredentialStatus,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await setAccessKeyStatus(tx, user.id, accessKeyId, status))) throw noSuchAccessKey(accessKeyId);
}

/** Deletes one of the user's keys. */
export async function deleteAccessKey(
  tx: Tx,
  accountId: string,
  userName: string,
  accessKeyId: string,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await deleteAccessKeyRow(tx, user.id, accessKeyId))) throw noSuchAccessKey(accessKeyId);
}

/**
 * When, where and for what the key was last used. A key the account does not have is refused as
 * AWS refuses it: with AccessDenied, not NoSuchEntity, so key ids cannot be probed.
 */
export async function getAccessKeyLastUsed(
  tx: Tx,
  accountId: string,
  callerArn: string,
  accessKeyId: string,
): Promise<AccessKeyLastUsedResult> {
  const key = await findAccessKeyById(tx, accessKeyId);
  if (!key || key.account_id !== accountId) {
    throw new IamError(
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${accessKeyId}`,
    );
  }
  return {
    UserName: key.user_name,
    AccessKeyLastUsed:
      key.last_used_at === null
        ? { ServiceName: 'N/A', Region: 'N/A' }
        : {
            LastUsedDate: key.last_used_at,
            ServiceName: key.last_used_service ?? 'N/A',
            Region: key.last_used_region ?? 'N/A',
          },
  };
}

/**
 * The access key a request is signed with, its secret opened, or undefined if there is no such
 * key. Callers must still check `status`: an inactive key authenticates nothing.
 */
export async function findAccessKey(
  tx: Tx,
  secrets: SecretBox,
  accessKeyId: string,
): Promise<AccessKeyForSigning | undefined> {
  // The owner's tags come in the same statement: one round trip authenticates a request.
  const key = await findAccessKeyWithOwnerTags(tx, accessKeyId);
  if (!key) return undefined;
  return {
    accessKeyId: key.id,
    accountId: key.account_id,
    userId: key.user_id,
    userName: key.user_name,
    userArn: key.user_arn,
    status: key.status,
    lastUsedAt: key.last_used_at,
    userTags: apiTags(key.user_tags),
    // Throws if the sealed value was moved from another key's row or tampered with.
    secret: secrets.open(key.secret, key.id),
  };
}

/** Records a use of the key, for GetAccessKeyLastUsed and the credential report. */
export async function recordAccessKeyUse(
  tx: Tx,
  accessKeyId: string,
  service: string,
  region: string,
  when: Date,
): Promise<void> {
  await setAccessKeyLastUsed(tx, accessKeyId, service, region, when.toISOString());
}
