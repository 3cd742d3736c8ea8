import {
  addMember,
  countGroupsOfUser,
  deleteGroup as deleteGroupRow,
  groupDependents,
  insertGroup,
  isMember,
  listGroupsOfUser,
  listMembers,
  removeMember,
  type GroupDependents,
} from '../store/groups.js';
import { countNamed, listNamed, renameNamed } from '../store/named.js';
import { findGroup, type GroupRow, type UserRow } from '../store/principals.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { iamArn } from './arns.js';
import { alreadyExists, IamError } from './errors.js';
import { newId } from './ids.js';
import { paginate, type Page } from './pagination.js';
import { requireGroup, requireUser } from './principals.js';
import type { PageRequest } from './users.js';

/** Creates a group and returns it. */
export async function createGroup(
  tx: Tx,
  accountId: string,
  input: { readonly groupName: string; readonly path?: string },
  now: Date,
): Promise<GroupRow> {
  if (await findGroup(tx, accountId, input.groupName)) throw alreadyExists('Group', input.groupName);
  if ((await countNamed(tx, 'groups', accountId)) >= IAM_QUOTAS.GroupsQuota) {
    throw quotaExceeded('GroupsPerAccount', IAM_QUOTAS.GroupsQuota);
  }
  const path = input.path ?? '/';
  const group: GroupRow = {
    id: newId('AGPA'),
    account_id: accountId,
    name: input.groupName,
    name_key: input.groupName.toLowerCase(),
    path,
    arn: iamArn(accountId, 'group', path, input.groupName),
    created_at: now.toISOString(),
  };
  await insertGroup(tx, group);
  return group;
}

/** A group and a page of its members (in the order they joined). */
export async function getGroup(
  tx: Tx,
  accountId: string,
  groupName: string,
  request: PageRequest,
): Promise<{ group: GroupRow; users: Page<UserRow> }> {
  const group = await requireGroup(tx, accountId, groupName);
  return { group, users: paginate(await listMembers(tx, group.id), request) };
}

/** Renames and/or moves a group; its ARN follows, its members and policies stay. */
export async function updateGroup(
  tx: Tx,
  accountId: string,
  groupName: string,
  changes: { readonly newGroupName?: string; readonly newPath?: string },
): Promise<void> {
  const group = await requireGroup(tx, accountId, groupName);
  const name = changes.newGroupName ?? group.name;
  const path = changes.newPath ?? group.path;
  if (changes.newGroupName !== undefined) {
    const other = await findGroup(tx, accountId, changes.newGroupName);
    if (other && other.id !== group.id) throw alreadyExists('Group', changes.newGroupName);
  }
  await renameNamed(tx, 'groups', group.id, {
    name,
    name_key: name.toLowerCase(),
    path,
    arn: iamArn(accountId, 'group', path, name),
  });
}

/** What must go before a group can be deleted, in the order checked, with AWS's message for each. */
const GROUP_DEPENDENTS: readonly [keyof GroupDependents, string][] = [
  ['members', 'must remove users from group first.'],
  ['inlinePolicies', 'must delete policies first.'],
  ['attachedPolicies', 'must detach all policies first.'],
];

/** Deletes a group with no members and no policies (`DeleteConflict` otherwise). */
export async function deleteGroup(tx: Tx, accountId: string, groupName: string): Promise<void> {
  const group = await requireGroup(tx, accountId, groupName);
  const dependents = await groupDependents(tx, group.id);
  for (const [kind, message] of GROUP_DEPENDENTS) {
    if (dependents[kind]) throw new IamError('DeleteConflict', `Cannot delete entity, ${message}`);
  }
  await deleteGroupRow(tx, group.id);
}

/** The account's groups under a path prefix, in name order, a page at a time. */
export async function listGroups(
  tx: Tx,
  accountId: string,
  request: PageRequest & { readonly PathPrefix?: string },
): Promise<Page<GroupRow>> {
  return paginate(await listNamed(tx, 'groups', accountId, request.PathPrefix), request);
}

/**
 * Adds a user to a group (at most 10 groups a user). Adding a member again changes nothing and is
 * not an error, as in IAM.
 */
export async function addUserToGroup(
  tx: Tx,
  accountId: string,
  groupName: string,
  userName: string,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const group = await requireGroup(tx, accountId, groupName);
  if (await isMember(tx, group.id, user.id)) return;
  if ((await countGroupsOfUser(tx, user.id)) >= IAM_QUOTAS.GroupsPerUserQuota) {
    throw quotaExceeded('GroupsPerUser', IAM_QUOTAS.GroupsPerUserQuota);
  }
  await addMember(tx, group.id, user.id);
}

/** Removes a user from a group; removing a non-member is not an error, as in IAM. */
export async function removeUserFromGroup(
  tx: Tx,
  accountId: string,
  groupName: string,
  userName: string,
): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const group = await requireGroup(tx, accountId, groupName);
  await removeMember(tx, group.id, user.id);
}

/** The groups a user belongs to (in the order it joined them), a page at a time. */
export async function listGroupsForUser(
  tx: Tx,
  accountId: string,
  userName: string,
  request: PageRequest,
): Promise<Page<GroupRow>> {
  const user = await requireUser(tx, accountId, userName);
  return paginate(await listGroupsOfUser(tx, user.id), request);
}
