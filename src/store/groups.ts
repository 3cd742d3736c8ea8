import type { Insertable } from 'kysely';
import type { GroupsTable } from './database.js';
import type { GroupRow, UserRow } from './principals.js';
import type { Tx } from './store.js';

/** Adds a group; the caller has checked that the name is free. */
export async function insertGroup(tx: Tx, group: Insertable<GroupsTable>): Promise<void> {
  await tx.insertInto('groups').values(group).execute();
}

/** Removes a group row (memberships cascade). */
export async function deleteGroup(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('groups').where('id', '=', id).execute();
}

/** Makes the user a member; nothing happens if it already is one. */
export async function addMember(tx: Tx, groupId: string, userId: string): Promise<void> {
  await tx
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

/** Ends the user's membership; nothing happens if it was not a member. */
export async function removeMember(tx: Tx, groupId: string, userId: string): Promise<void> {
  await tx
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .execute();
}

/** Whether the user is a member of the group. */
export async function isMember(tx: Tx, groupId: string, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('group_members')
    .select('seq')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The group's members, in the order they joined. */
export function listMembers(tx: Tx, groupId: string): Promise<UserRow[]> {
  return tx
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .selectAll('users')
    .where('group_members.group_id', '=', groupId)
    .orderBy('group_members.seq')
    .execute();
}

/** The groups the user belongs to, in the order it joined them. */
export function listGroupsOfUser(tx: Tx, userId: string): Promise<GroupRow[]> {
  return tx
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .selectAll('groups')
    .where('group_members.user_id', '=', userId)
    .orderBy('group_members.seq')
    .execute();
}

/** How many groups the user belongs to. */
export async function countGroupsOfUser(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx
    .selectFrom('group_members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** What a group still has that blocks its deletion, each as present or not. */
export interface GroupDependents {
  readonly members: boolean;
  readonly inlinePolicies: boolean;
  readonly attachedPolicies: boolean;
}

/** Which of the things that block deleting a group it still has. */
export async function groupDependents(tx: Tx, groupId: string): Promise<GroupDependents> {
  const hasPolicy = async (table: 'inline_policies' | 'attachments'): Promise<boolean> =>
    (await tx
      .selectFrom(table)
      .select('principal_id')
      .where('principal_kind', '=', 'group')
      .where('principal_id', '=', groupId)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  const member = await tx
    .selectFrom('group_members')
    .select('seq')
    .where('group_id', '=', groupId)
    .limit(1)
    .executeTakeFirst();
  return {
    members: member !== undefined,
    inlinePolicies: await hasPolicy('inline_policies'),
    attachedPolicies: await hasPolicy('attachments'),
  };
}
