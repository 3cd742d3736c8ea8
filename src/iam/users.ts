import { findAccount } from '../store/accounts.js';
import { userHasMfaDevice } from '../store/mfa-devices.js';
import { findPolicyByArn, lockPolicy } from '../store/policies.js';
import { countNamed, listNamed, renameNamed } from '../store/named.js';
import { findUser, type UserRow } from '../store/principals.js';
import type { Tx } from '../store/store.js';
import {
  deleteUser as deleteUserRow,
  insertUser,
  userDependents,
  type UserDependents,
} from '../store/users.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { AWS_MANAGED_POLICY_PREFIX, iamArn } from './arns.js';
import { alreadyExists, IamError } from './errors.js';
import { isRootArn } from './root.js';
import { newId } from './ids.js';
import { paginate, type Page } from './pagination.js';
import { requireUser, requireUserWithTags } from './principals.js';
import { removeTags, setTags, tagsOf, type Tag } from './tags.js';

export interface PageRequest {
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface NewUser {
  readonly userName: string;
  /** Defaults to `/`. */
  readonly path?: string;
  /** The ARN of a managed policy to use as the user's permissions boundary. */
  readonly permissionsBoundary?: string;
  readonly tags?: readonly Tag[];
}

const POLICY_ARN = /^arn:aws:iam::(?:aws|\d{12}):policy\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]+$/;

/**
 * Checks that `arn` names a managed policy that can be a permissions boundary: well formed
 * (`InvalidInput` otherwise) and, for a customer managed policy, one this account has
 * (`NoSuchEntity` otherwise). AWS managed policy ARNs are taken on their form alone.
 */
export async function checkPermissionsBoundary(tx: Tx, accountId: string, arn: string): Promise<void> {
  if (!POLICY_ARN.test(arn)) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  if (arn.startsWith(AWS_MANAGED_POLICY_PREFIX)) return;
  // Locked before it is read, so that a DeletePolicy on another node sees the new boundary.
  await lockPolicy(tx, accountId, arn);
  if (!(await findPolicyByArn(tx, accountId, arn))) {
    throw new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  }
}

/** Creates a user, with its tags and permissions boundary, and returns it. */
export async function createUser(tx: Tx, accountId: string, input: NewUser, now: Date): Promise<UserRow> {
  if (await findUser(tx, accountId, input.userName)) throw alreadyExists('User', input.userName);
  if ((await countNamed(tx, 'users', accountId)) >= IAM_QUOTAS.UsersQuota) {
    throw quotaExceeded('UsersPerAccount', IAM_QUOTAS.UsersQuota);
  }
  if (input.permissionsBoundary !== undefined) {
    await checkPermissionsBoundary(tx, accountId, input.permissionsBoundary);
  }
  const path = input.path ?? '/';
  const user: UserRow = {
    id: newId('AIDA'),
    account_id: accountId,
    name: input.userName,
    name_key: input.userName.toLowerCase(),
    path,
    arn: iamArn(accountId, 'user', path, input.userName),
    permissions_boundary: input.permissionsBoundary ?? null,
    created_at: now.toISOString(),
    password_last_used: null,
  };
  await insertUser(tx, user);
  // Tags are checked as they are written: a bad tag list undoes the whole creation.
  if (input.tags && input.tags.length > 0) await setTags(tx, user.id, input.tags, 'User');
  return user;
}

/** The user, or `NoSuchEntity`. */
export function getUser(tx: Tx, accountId: string, userName: string): Promise<UserRow> {
  return requireUser(tx, accountId, userName);
}

/** Who GetUser describes when no user name is given. */
export type CallerUser =
  | { readonly kind: 'user'; readonly user: UserRow; readonly tags: Tag[] }
  | { readonly kind: 'root'; readonly accountId: string; readonly arn: string; readonly createdAt: string };

/**
 * GetUser's subject: the named user (with its tags), else the calling IAM user, else the account
 * root when the root is calling; any other caller (an assumed role) must name a user
 * (`ValidationError`). One read either way, so it needs no transaction.
 */
export async function getUserOrCaller(
  tx: Tx,
  caller: { readonly accountId: string; readonly arn: string; readonly userName?: string | undefined },
  userName: string | undefined,
): Promise<CallerUser> {
  if (userName === undefined && isRootArn(caller.arn, caller.accountId)) {
    const account = await findAccount(tx, caller.accountId);
    if (account) {
      return { kind: 'root', accountId: account.id, arn: caller.arn, createdAt: account.created_at };
    }
  }
  const name = userName ?? caller.userName;
  if (name !== undefined) return { kind: 'user', ...(await requireUserWithTags(tx, caller.accountId, name)) };
  throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

/** Renames and/or moves a user; its ARN follows. */
export async function updateUser(
  tx: Tx,
  accountId: string,
  userName: string,
  changes: { readonly newUserName?: string; readonly newPath?: string },
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const name = changes.newUserName ?? user.name;
  const path = changes.newPath ?? user.path;
  if (changes.newUserName !== undefined) {
    const other = await findUser(tx, accountId, changes.newUserName);
    if (other && other.id !== user.id) throw alreadyExists('User', changes.newUserName);
  }
  await renameNamed(tx, 'users', user.id, {
    name,
    name_key: name.toLowerCase(),
    path,
    arn: iamArn(accountId, 'user', path, name),
  });
}

/** What must go before a user can be deleted, in the order checked, with AWS's message for each. */
const USER_DEPENDENTS: readonly [keyof UserDependents | 'mfaDevices', string][] = [
  ['loginProfile', 'must delete login profile first.'],
  ['accessKeys', 'must delete access keys first.'],
  ['signingCertificates', 'must delete certificates first.'],
  ['sshPublicKeys', 'must remove referenced objects first.'],
  ['serviceCredentials', 'must remove referenced objects first.'],
  ['mfaDevices', 'must delete MFA device first.'],
  ['inlinePolicies', 'must delete policies first.'],
  ['attachedPolicies', 'must detach all policies first.'],
  ['groups', 'must remove users from group first.'],
];

/** Deletes a user that owns nothing any more (`DeleteConflict` otherwise). */
export async function deleteUser(tx: Tx, accountId: string, userName: string): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const dependents = {
    ...(await userDependents(tx, user.id)),
    mfaDevices: await userHasMfaDevice(tx, user.id),
  };
  for (const [kind, message] of USER_DEPENDENTS) {
    if (dependents[kind]) throw new IamError('DeleteConflict', `Cannot delete entity, ${message}`);
  }
  await deleteUserRow(tx, user.id);
}

/** The account's users under a path prefix, in name order, a page at a time. */
export async function listUsers(
  tx: Tx,
  accountId: string,
  request: PageRequest & { readonly PathPrefix?: string },
): Promise<Page<UserRow>> {
  return paginate(await listNamed(tx, 'users', accountId, request.PathPrefix), request);
}

/** Adds or replaces tags on a user (at most 50 in all). */
export async function tagUser(
  tx: Tx,
  accountId: string,
  userName: string,
  tags: readonly Tag[],
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  await setTags(tx, user.id, tags, 'User');
}

/** Removes tags from a user by key; unknown keys are ignored. */
export async function untagUser(
  tx: Tx,
  accountId: string,
  userName: string,
  keys: readonly string[],
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  await removeTags(tx, user.id, keys);
}

/** A user's tags, a page at a time. */
export async function listUserTags(
  tx: Tx,
  accountId: string,
  userName: string,
  request: PageRequest,
): Promise<Page<Tag>> {
  const user = await requireUser(tx, accountId, userName);
  return paginate(await tagsOf(tx, user.id), request);
}

/** A user's tags, in the order they were first set. */
export function userTags(tx: Tx, user: UserRow): Promise<Tag[]> {
  return tagsOf(tx, user.id);
}
