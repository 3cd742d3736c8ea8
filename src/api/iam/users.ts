import type { Page } from '../../iam/pagination.js';
import type { Tag } from '../../iam/tags.js';
import {
  createUser,
  deleteUser,
  getUserOrCaller,
  listUsers,
  listUserTags,
  tagUser,
  untagUser,
  updateUser,
  userTags,
  type PageRequest,
} from '../../iam/users.js';
import type { UserRow } from '../../store/principals.js';
import { operation, type Operations } from '../operation.js';

/** The `User` structure of the IAM API model. */
export interface UserShape {
  Path?: string;
  UserName?: string;
  UserId: string;
  Arn: string;
  CreateDate: string;
  PasswordLastUsed?: string;
  PermissionsBoundary?: {
    PermissionsBoundaryType: 'PermissionsBoundaryPolicy';
    PermissionsBoundaryArn: string;
  };
  Tags?: Tag[];
}

/** A user as listings show it: without its permissions boundary and tags, as IAM lists users. */
export function listedUser(row: UserRow): UserShape {
  return {
    Path: row.path,
    UserName: row.name,
    UserId: row.id,
    Arn: row.arn,
    CreateDate: row.created_at,
    ...(row.password_last_used !== null && { PasswordLastUsed: row.password_last_used }),
  };
}

/** A user as GetUser and CreateUser show it: with its permissions boundary and tags. */
function fullUser(row: UserRow, tags: Tag[]): UserShape {
  return {
    ...listedUser(row),
    ...(row.permissions_boundary !== null && {
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: row.permissions_boundary,
      },
    }),
    ...(tags.length > 0 && { Tags: tags }),
  };
}

/** A page as a List* output: the items under `member`, then `IsTruncated` and `Marker`. */
export function pageOutput<T, K extends string>(
  member: K,
  page: Page<T>,
): Record<K, T[]> & { IsTruncated: boolean; Marker?: string } {
  const { items, ...rest } = page;
  return { [member]: items, ...rest } as Record<K, T[]> & { IsTruncated: boolean; Marker?: string };
}

type CreateUserInput = {
  UserName: string;
  Path?: string;
  PermissionsBoundary?: string;
  Tags?: Tag[];
};
type UpdateUserInput = { UserName: string; NewUserName?: string; NewPath?: string };
type UserOutput = { User: UserShape };
type ListUsersOutput = { Users: UserShape[]; IsTruncated: boolean; Marker?: string };
type ListUserTagsOutput = { Tags: Tag[]; IsTruncated: boolean; Marker?: string };

export const usersOperations: Operations = {
  CreateUser: operation<CreateUserInput, UserOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const user = await createUser(
        tx,
        ctx.caller.accountId,
        {
          userName: input.UserName,
          ...(input.Path !== undefined && { path: input.Path }),
          ...(input.PermissionsBoundary !== undefined && { permissionsBoundary: input.PermissionsBoundary }),
          ...(input.Tags !== undefined && { tags: input.Tags }),
        },
        ctx.now,
      );
      return { User: fullUser(user, await userTags(tx, user)) };
    }),
  ),

  // A single read (the user and its tags in one statement): no transaction to begin and commit.
  GetUser: operation<{ UserName?: string }, UserOutput>(async (input, ctx) => {
    const subject = await getUserOrCaller(ctx.store.db, ctx.caller, input.UserName);
    if (subject.kind === 'root') {
      // The root user has no name or path: AWS answers with the account id and the root ARN.
      return { User: { UserId: subject.accountId, Arn: subject.arn, CreateDate: subject.createdAt } };
    }
    return { User: fullUser(subject.user, subject.tags) };
  }),

  UpdateUser: operation<UpdateUserInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      updateUser(tx, ctx.caller.accountId, input.UserName, {
        ...(input.NewUserName !== undefined && { newUserName: input.NewUserName }),
        ...(input.NewPath !== undefined && { newPath: input.NewPath }),
      }),
    );
    return undefined;
  }),

  DeleteUser: operation<{ UserName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => deleteUser(tx, ctx.caller.accountId, input.UserName));
    return undefined;
  }),

  // A single read (the page is cut from one query's rows): no transaction needed.
  ListUsers: operation<PageRequest & { PathPrefix?: string }, ListUsersOutput>(async (input, ctx) => {
    const page = await listUsers(ctx.store.db, ctx.caller.accountId, input);
    return pageOutput('Users', { ...page, items: page.items.map(listedUser) });
  }),

  TagUser: operation<{ UserName: string; Tags: Tag[] }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => tagUser(tx, ctx.caller.accountId, input.UserName, input.Tags));
    return undefined;
  }),

  UntagUser: operation<{ UserName: string; TagKeys: string[] }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => untagUser(tx, ctx.caller.accountId, input.UserName, input.TagKeys));
    return undefined;
  }),

  ListUserTags: operation<PageRequest & { UserName: string }, ListUserTagsOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) =>
      pageOutput('Tags', await listUserTags(tx, ctx.caller.accountId, input.UserName, input)),
    ),
  ),
};
