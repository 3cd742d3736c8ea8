import {
  deleteInlinePolicy,
  getInlinePolicy,
  listInlinePolicyNames,
  putInlinePolicy,
  type InlinePolicyHolder,
} from '../../iam/inline-policies.js';
import { operation, type Operations } from '../operation.js';

type PageInput = { Marker?: string; MaxItems?: number };
type PolicyNamesOutput = { PolicyNames: string[]; IsTruncated: boolean; Marker?: string };
type UserPolicyInput = { UserName: string; PolicyName: string };
type GroupPolicyInput = { GroupName: string; PolicyName: string };

const user = (name: string): InlinePolicyHolder => ({ kind: 'user', name });
const group = (name: string): InlinePolicyHolder => ({ kind: 'group', name });

/** Inline policies of users and groups. Documents go out as raw JSON text (the codec URL-encodes them). */
export const inlinePolicyOperations: Operations = {
  PutUserPolicy: operation<UserPolicyInput & { PolicyDocument: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      putInlinePolicy(tx, ctx.caller.accountId, user(input.UserName), input.PolicyName, input.PolicyDocument),
    );
    return undefined;
  }),

  GetUserPolicy: operation<UserPolicyInput, UserPolicyInput & { PolicyDocument: string }>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const found = await getInlinePolicy(tx, ctx.caller.accountId, user(input.UserName), input.PolicyName);
      return { UserName: found.holderName, PolicyName: found.policyName, PolicyDocument: found.document };
    }),
  ),

  DeleteUserPolicy: operation<UserPolicyInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteInlinePolicy(tx, ctx.caller.accountId, user(input.UserName), input.PolicyName),
    );
    return undefined;
  }),

  ListUserPolicies: operation<PageInput & { UserName: string }, PolicyNamesOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listInlinePolicyNames(tx, ctx.caller.accountId, user(input.UserName), input);
      return {
        PolicyNames: page.items,
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined && { Marker: page.Marker }),
      };
    }),
  ),

  PutGroupPolicy: operation<GroupPolicyInput & { PolicyDocument: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      putInlinePolicy(
        tx,
        ctx.caller.accountId,
        group(input.GroupName),
        input.PolicyName,
        input.PolicyDocument,
      ),
    );
    return undefined;
  }),

  GetGroupPolicy: operation<GroupPolicyInput, GroupPolicyInput & { PolicyDocument: string }>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const found = await getInlinePolicy(tx, ctx.caller.accountId, group(input.GroupName), input.PolicyName);
      return { GroupName: found.holderName, PolicyName: found.policyName, PolicyDocument: found.document };
    }),
  ),

  DeleteGroupPolicy: operation<GroupPolicyInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteInlinePolicy(tx, ctx.caller.accountId, group(input.GroupName), input.PolicyName),
    );
    return undefined;
  }),

  ListGroupPolicies: operation<PageInput & { GroupName: string }, PolicyNamesOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listInlinePolicyNames(tx, ctx.caller.accountId, group(input.GroupName), input);
      return {
        PolicyNames: page.items,
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined && { Marker: page.Marker }),
      };
    }),
  ),
};
