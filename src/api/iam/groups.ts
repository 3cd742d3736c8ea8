import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
  updateGroup,
} from '../../iam/groups.js';
import type { PageRequest } from '../../iam/users.js';
import type { GroupRow } from '../../store/principals.js';
import { operation, type Operations } from '../operation.js';
import { listedUser, pageOutput, type UserShape } from './users.js';

/** The `Group` structure of the IAM API model. */
export interface GroupShape {
  Path: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  CreateDate: string;
}

export function groupShape(row: GroupRow): GroupShape {
  return { Path: row.path, GroupName: row.name, GroupId: row.id, Arn: row.arn, CreateDate: row.created_at };
}

type GroupMember = { GroupName: string; UserName: string };
type UpdateGroupInput = { GroupName: string; NewGroupName?: string; NewPath?: string };
type GetGroupOutput = { Group: GroupShape; Users: UserShape[]; IsTruncated: boolean; Marker?: string };
type ListGroupsOutput = { Groups: GroupShape[]; IsTruncated: boolean; Marker?: string };

export const groupsOperations: Operations = {
  CreateGroup: operation<{ GroupName: string; Path?: string }, { Group: GroupShape }>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const group = await createGroup(
        tx,
        ctx.caller.accountId,
        { groupName: input.GroupName, ...(input.Path !== undefined && { path: input.Path }) },
        ctx.now,
      );
      return { Group: groupShape(group) };
    }),
  ),

  GetGroup: operation<PageRequest & { GroupName: string }, GetGroupOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const { group, users } = await getGroup(tx, ctx.caller.accountId, input.GroupName, input);
      return {
        Group: groupShape(group),
        ...pageOutput('Users', { ...users, items: users.items.map(listedUser) }),
      };
    }),
  ),

  UpdateGroup: operation<UpdateGroupInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      updateGroup(tx, ctx.caller.accountId, input.GroupName, {
        ...(input.NewGroupName !== undefined && { newGroupName: input.NewGroupName }),
        ...(input.NewPath !== undefined && { newPath: input.NewPath }),
      }),
    );
    return undefined;
  }),

  DeleteGroup: operation<{ GroupName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => deleteGroup(tx, ctx.caller.accountId, input.GroupName));
    return undefined;
  }),

  ListGroups: operation<PageRequest & { PathPrefix?: string }, ListGroupsOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listGroups(tx, ctx.caller.accountId, input);
      return pageOutput('Groups', { ...page, items: page.items.map(groupShape) });
    }),
  ),

  AddUserToGroup: operation<GroupMember, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      addUserToGroup(tx, ctx.caller.accountId, input.GroupName, input.UserName),
    );
    return undefined;
  }),

  RemoveUserFromGroup: operation<GroupMember, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      removeUserFromGroup(tx, ctx.caller.accountId, input.GroupName, input.UserName),
    );
    return undefined;
  }),

  ListGroupsForUser: operation<PageRequest & { UserName: string }, ListGroupsOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listGroupsForUser(tx, ctx.caller.accountId, input.UserName, input);
      return pageOutput('Groups', { ...page, items: page.items.map(groupShape) });
    }),
  ),
};
