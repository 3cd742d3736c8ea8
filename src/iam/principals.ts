import { findGroup, findUser, findUserWithTags, type GroupRow, type UserRow } from '../store/principals.js';
import { findRole, type RoleRow } from '../store/roles.js';
import type { Tx } from '../store/store.js';
import { noSuchEntity } from './errors.js';
import { apiTags, type Tag } from './tags.js';

/** The user, or `NoSuchEntity` ("The user with name X cannot be found."). */
export async function requireUser(tx: Tx, accountId: string, name: string): Promise<UserRow> {
  const user = await findUser(tx, accountId, name);
  if (!user) throw noSuchEntity('user', name);
  return user;
}

/** The user with its tags (read in one statement), or `NoSuchEntity`. */
export async function requireUserWithTags(
  tx: Tx,
  accountId: string,
  name: string,
): Promise<{ user: UserRow; tags: Tag[] }> {
  const found = await findUserWithTags(tx, accountId, name);
  if (!found) throw noSuchEntity('user', name);
  return { user: found.user, tags: apiTags(found.tags) };
}

/** The group, or `NoSuchEntity` ("The group with name X cannot be found."). */
export async function requireGroup(tx: Tx, accountId: string, name: string): Promise<GroupRow> {
  const group = await findGroup(tx, accountId, name);
  if (!group) throw noSuchEntity('group', name);
  return group;
}

/** The role, or `NoSuchEntity` ("The role with name X cannot be found."). */
export async function requireRole(tx: Tx, accountId: string, name: string): Promise<RoleRow> {
  const role = await findRole(tx, accountId, name);
  if (!role) throw noSuchEntity('role', name);
  return role;
}
