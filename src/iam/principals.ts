import { findGroup, findUser, type GroupRow, type UserRow } from '../store/principals.js';
import { findRole, type RoleRow } from '../store/roles.js';
import type { Tx } from '../store/store.js';
import { noSuchEntity } from './errors.js';

/** The user, or `NoSuchEntity` ("The user with name X cannot be found."). */
export async function requireUser(tx: Tx, accountId: string, name: string): Promise<UserRow> {
  const user = await findUser(tx, accountId, name);
  if (!user) throw noSuchEntity('user', name);
  return user;
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
