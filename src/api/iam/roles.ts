import {
  attachPolicy,
  detachPolicy,
  listAttachedPolicies,
  type PolicyHolder,
} from '../../iam/attachments.js';
import {
  deleteInlinePolicy,
  getInlinePolicy,
  listInlinePolicyNames,
  putInlinePolicy,
} from '../../iam/inline-policies.js';
import {
  createRole,
  deleteRole,
  getRole,
  listRoles,
  roleTags,
  updateAssumeRolePolicy,
} from '../../iam/roles.js';
import type { Tag } from '../../iam/tags.js';
import type { RoleRow } from '../../store/roles.js';
import { operation, type Operations } from '../operation.js';
import { pageOutput } from './users.js';

/** The `Role` structure of the IAM API model (the trust policy goes out as raw JSON; the codec encodes it). */
export interface RoleShape {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: {
    PermissionsBoundaryType: 'PermissionsBoundaryPolicy';
    PermissionsBoundaryArn: string;
  };
  Tags?: Tag[];
}

/** A role as ListRoles shows it: without its tags, as IAM lists roles. */
function listedRole(row: RoleRow): RoleShape {
  return {
    Path: row.path,
    RoleName: row.name,
    RoleId: row.id,
    Arn: row.arn,
    CreateDate: row.created_at,
    AssumeRolePolicyDocument: row.assume_role_policy,
    ...(row.description !== null && { Description: row.description }),
    MaxSessionDuration: row.max_session_duration,
  };
}

/** A role as GetRole and CreateRole show it: with its permissions boundary and tags. */
function fullRole(row: RoleRow, tags: Tag[]): RoleShape {
  return {
    ...listedRole(row),
    ...(row.permissions_boundary !== null && {
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: row.permissions_boundary,
      },
    }),
    ...(tags.length > 0 && { Tags: tags }),
  };
}

type CreateRoleInput = {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
};
type PageInput = { Marker?: string; MaxItems?: number };
type RoleOutput = { Role: RoleShape };
type RolePolicyInput = { RoleName: string; PolicyName: string };
type ArnInput = { RoleName: string; PolicyArn: string };

const role = (name: string): PolicyHolder => ({ kind: 'role', name });

/** Roles, their trust policies, and their managed and inline permissions policies. */
export const rolesOperations: Operations = {
  CreateRole: operation<CreateRoleInput, RoleOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const row = await createRole(
        tx,
        ctx.caller.accountId,
        {
          roleName: input.RoleName,
          assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
          ...(input.Path !== undefined && { path: input.Path }),
          ...(input.Description !== undefined && { description: input.Description }),
          ...(input.MaxSessionDuration !== undefined && { maxSessionDuration: input.MaxSessionDuration }),
          ...(input.Tags !== undefined && { tags: input.Tags }),
          ...(input.PermissionsBoundary !== undefined && { permissionsBoundary: input.PermissionsBoundary }),
        },
        ctx.now,
      );
      return { Role: fullRole(row, await roleTags(tx, row)) };
    }),
  ),

  GetRole: operation<{ RoleName: string }, RoleOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const row = await getRole(tx, ctx.caller.accountId, input.RoleName);
      return { Role: fullRole(row, await roleTags(tx, row)) };
    }),
  ),

  DeleteRole: operation<{ RoleName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => deleteRole(tx, ctx.caller.accountId, input.RoleName));
    return undefined;
  }),

  ListRoles: operation<
    PageInput & { PathPrefix?: string },
    { Roles: RoleShape[]; IsTruncated: boolean; Marker?: string }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listRoles(tx, ctx.caller.accountId, input);
      return pageOutput('Roles', { ...page, items: page.items.map(listedRole) });
    }),
  ),

  UpdateAssumeRolePolicy: operation<{ RoleName: string; PolicyDocument: string }, undefined>(
    async (input, ctx) => {
      await ctx.store.transaction((tx) =>
        updateAssumeRolePolicy(tx, ctx.caller.accountId, input.RoleName, input.PolicyDocument),
      );
      return undefined;
    },
  ),

  AttachRolePolicy: operation<ArnInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      attachPolicy(tx, ctx.caller.accountId, role(input.RoleName), input.PolicyArn),
    );
    return undefined;
  }),

  DetachRolePolicy: operation<ArnInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      detachPolicy(tx, ctx.caller.accountId, role(input.RoleName), input.PolicyArn),
    );
    return undefined;
  }),

  ListAttachedRolePolicies: operation<
    PageInput & { RoleName: string; PathPrefix?: string },
    { AttachedPolicies: { PolicyName: string; PolicyArn: string }[]; IsTruncated: boolean; Marker?: string }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listAttachedPolicies(
        tx,
        ctx.caller.accountId,
        role(input.RoleName),
        input.PathPrefix,
        input,
      );
      return pageOutput('AttachedPolicies', {
        ...page,
        items: page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })),
      });
    }),
  ),

  PutRolePolicy: operation<RolePolicyInput & { PolicyDocument: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      putInlinePolicy(tx, ctx.caller.accountId, role(input.RoleName), input.PolicyName, input.PolicyDocument),
    );
    return undefined;
  }),

  GetRolePolicy: operation<RolePolicyInput, RolePolicyInput & { PolicyDocument: string }>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const found = await getInlinePolicy(tx, ctx.caller.accountId, role(input.RoleName), input.PolicyName);
      return { RoleName: found.holderName, PolicyName: found.policyName, PolicyDocument: found.document };
    }),
  ),

  DeleteRolePolicy: operation<RolePolicyInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deleteInlinePolicy(tx, ctx.caller.accountId, role(input.RoleName), input.PolicyName),
    );
    return undefined;
  }),

  ListRolePolicies: operation<
    PageInput & { RoleName: string },
    { PolicyNames: string[]; IsTruncated: boolean; Marker?: string }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) =>
      pageOutput(
        'PolicyNames',
        await listInlinePolicyNames(tx, ctx.caller.accountId, role(input.RoleName), input),
      ),
    ),
  ),
};
