import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
  userNameOrCaller,
  type AccessKey,
  type AccessKeyLastUsedResult,
  type AccessKeyMetadata,
  type CredentialStatus,
} from '../../iam/access-keys.js';
import { paginate } from '../../iam/pagination.js';
import { operation, type Operations } from '../operation.js';

type PageInput = { Marker?: string; MaxItems?: number };
type KeyInput = { UserName?: string; AccessKeyId: string };
type ListAccessKeysOutput = { AccessKeyMetadata: AccessKeyMetadata[]; IsTruncated: boolean; Marker?: string };

export const accessKeyOperations: Operations = {
  CreateAccessKey: operation<{ UserName?: string }, { AccessKey: AccessKey }>((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      AccessKey: await createAccessKey(
        tx,
        ctx.secrets,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        ctx.now,
      ),
    })),
  ),

  ListAccessKeys: operation<PageInput & { UserName?: string }, ListAccessKeysOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const all = await listAccessKeys(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
      );
      const { items, ...page } = paginate(all, input);
      return { AccessKeyMetadata: items, ...page };
    }),
  ),

  UpdateAccessKey: operation<KeyInput & { Status: CredentialStatus }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      updateAccessKey(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.AccessKeyId,
        input.Status,
      ),
    );
    return undefined;
  }),

  DeleteAccessKey: operation<KeyInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteAccessKey(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.AccessKeyId,
      ),
    );
    return undefined;
  }),

  GetAccessKeyLastUsed: operation<{ AccessKeyId: string }, AccessKeyLastUsedResult>((input, ctx) =>
    ctx.store.transaction((tx) =>
      getAccessKeyLastUsed(tx, ctx.caller.accountId, ctx.caller.arn, input.AccessKeyId),
    ),
  ),
};
