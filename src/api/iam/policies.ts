import {
  attachPolicy,
  detachPolicy,
  listAttachedPolicies,
  listEntitiesForPolicy,
  type EntityFilter,
  type PolicyHolder,
} from '../../iam/attachments.js';
import type { Page } from '../../iam/pagination.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  type DescribedPolicy,
  type ManagedPolicy,
  type PolicyListFilter,
} from '../../iam/policies.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
  type PolicyVersion,
} from '../../iam/policy-versions.js';
import type { Tag } from '../../iam/tags.js';
import { operation, type Operations } from '../operation.js';

/** The `Policy` structure of the IAM API model. */
export interface PolicyShape {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: boolean;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  Tags?: Tag[];
}

/** The `PolicyVersion` structure; `Document` is raw JSON text (the codec URL-encodes it). */
export interface PolicyVersionShape {
  Document?: string;
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate: string;
}

type PageInput = { Marker?: string; MaxItems?: number };
type Paged<K extends string, T> = Record<K, T[]> & { IsTruncated: boolean; Marker?: string };
type ArnInput = { PolicyArn: string };
type VersionInput = ArnInput & { VersionId: string };
type CreatePolicyInput = {
  PolicyName: string;
  Path?: string;
  PolicyDocument: string;
  Description?: string;
  Tags?: Tag[];
};
type ListPoliciesInput = PageInput & {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
};
type ListEntitiesInput = PageInput &
  ArnInput & {
    EntityFilter?: EntityFilter['entityFilter'];
    PathPrefix?: string;
    PolicyUsageFilter?: EntityFilter['usage'];
  };
type AttachedPolicyShape = { PolicyName: string; PolicyArn: string };
type ListEntitiesOutput = {
  PolicyGroups: { GroupName: string; GroupId: string }[];
  PolicyUsers: { UserName: string; UserId: string }[];
  PolicyRoles: { RoleName: string; RoleId: string }[];
  IsTruncated: boolean;
  Marker?: string;
};

/** A page as a List* output: the items under `member`, then `IsTruncated` and `Marker`. */
function paged<T, U, K extends string>(member: K, page: Page<T>, shape: (item: T) => U): Paged<K, U> {
  return {
    [member]: page.items.map(shape),
    IsTruncated: page.IsTruncated,
    ...(page.Marker !== undefined && { Marker: page.Marker }),
  } as Paged<K, U>;
}

/** A policy as ListPolicies shows it: no description, no tags (IAM lists a subset of attributes). */
function listedPolicy(policy: ManagedPolicy): PolicyShape {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: policy.permissionsBoundaryUsageCount,
    IsAttachable: policy.isAttachable,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
  };
}

/** A policy as CreatePolicy and GetPolicy show it: with its description and tags. */
function describedPolicy({ policy, tags }: DescribedPolicy): PolicyShape {
  return {
    ...listedPolicy(policy),
    ...(policy.description !== undefined && { Description: policy.description }),
    ...(tags.length > 0 && { Tags: tags }),
  };
}

/** A version; the document only where AWS returns it (GetPolicyVersion). */
function versionShape(version: PolicyVersion, withDocument: boolean): PolicyVersionShape {
  return {
    ...(withDocument && { Document: version.document }),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    CreateDate: version.createDate,
  };
}

const user = (name: string): PolicyHolder => ({ kind: 'user', name });
const group = (name: string): PolicyHolder => ({ kind: 'group', name });

/** Managed policies, their versions and their attachments to users and groups. */
export const policyOperations: Operations = {
  CreatePolicy: operation<CreatePolicyInput, { Policy: PolicyShape }>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const created = await createPolicy(
        tx,
        ctx.caller,
        {
          name: input.PolicyName,
          document: input.PolicyDocument,
          ...(input.Path !== undefined && { path: input.Path }),
          ...(input.Description !== undefined && { description: input.Description }),
          ...(input.Tags !== undefined && { tags: input.Tags }),
        },
        ctx.now,
      );
      return { Policy: describedPolicy(created) };
    }),
  ),

  GetPolicy: operation<ArnInput, { Policy: PolicyShape }>((input, ctx) =>
    ctx.store.transaction(async (tx) => ({
      Policy: describedPolicy(await getPolicy(tx, ctx.caller.accountId, input.PolicyArn)),
    })),
  ),

  DeletePolicy: operation<ArnInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => deletePolicy(tx, ctx.caller, input.PolicyArn));
    return undefined;
  }),

  ListPolicies: operation<ListPoliciesInput, Paged<'Policies', PolicyShape>>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const filter: PolicyListFilter = {
        ...(input.Scope !== undefined && { scope: input.Scope }),
        ...(input.OnlyAttached !== undefined && { onlyAttached: input.OnlyAttached }),
        ...(input.PathPrefix !== undefined && { pathPrefix: input.PathPrefix }),
        ...(input.PolicyUsageFilter !== undefined && { usage: input.PolicyUsageFilter }),
      };
      return paged('Policies', await listPolicies(tx, ctx.caller.accountId, filter, input), listedPolicy);
    }),
  ),

  CreatePolicyVersion: operation<
    ArnInput & { PolicyDocument: string; SetAsDefault?: boolean },
    { PolicyVersion: PolicyVersionShape }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const version = await createPolicyVersion(
        tx,
        ctx.caller,
        input.PolicyArn,
        input.PolicyDocument,
        input.SetAsDefault ?? false,
        ctx.now,
      );
      return { PolicyVersion: versionShape(version, false) };
    }),
  ),

  GetPolicyVersion: operation<VersionInput, { PolicyVersion: PolicyVersionShape }>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const version = await getPolicyVersion(tx, ctx.caller.accountId, input.PolicyArn, input.VersionId);
      return { PolicyVersion: versionShape(version, true) };
    }),
  ),

  ListPolicyVersions: operation<ArnInput & PageInput, Paged<'Versions', PolicyVersionShape>>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listPolicyVersions(tx, ctx.caller.accountId, input.PolicyArn, input);
      return paged('Versions', page, (version) => versionShape(version, false));
    }),
  ),

  DeletePolicyVersion: operation<VersionInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      deletePolicyVersion(tx, ctx.caller, input.PolicyArn, input.VersionId),
    );
    return undefined;
  }),

  SetDefaultPolicyVersion: operation<VersionInput, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      setDefaultPolicyVersion(tx, ctx.caller, input.PolicyArn, input.VersionId),
    );
    return undefined;
  }),

  AttachUserPolicy: operation<ArnInput & { UserName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      attachPolicy(tx, ctx.caller.accountId, user(input.UserName), input.PolicyArn),
    );
    return undefined;
  }),

  DetachUserPolicy: operation<ArnInput & { UserName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      detachPolicy(tx, ctx.caller.accountId, user(input.UserName), input.PolicyArn),
    );
    return undefined;
  }),

  AttachGroupPolicy: operation<ArnInput & { GroupName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      attachPolicy(tx, ctx.caller.accountId, group(input.GroupName), input.PolicyArn),
    );
    return undefined;
  }),

  DetachGroupPolicy: operation<ArnInput & { GroupName: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      detachPolicy(tx, ctx.caller.accountId, group(input.GroupName), input.PolicyArn),
    );
    return undefined;
  }),

  ListAttachedUserPolicies: operation<
    PageInput & { UserName: string; PathPrefix?: string },
    Paged<'AttachedPolicies', AttachedPolicyShape>
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listAttachedPolicies(
        tx,
        ctx.caller.accountId,
        user(input.UserName),
        input.PathPrefix,
        input,
      );
      return paged('AttachedPolicies', page, (p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
    }),
  ),

  ListAttachedGroupPolicies: operation<
    PageInput & { GroupName: string; PathPrefix?: string },
    Paged<'AttachedPolicies', AttachedPolicyShape>
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const page = await listAttachedPolicies(
        tx,
        ctx.caller.accountId,
        group(input.GroupName),
        input.PathPrefix,
        input,
      );
      return paged('AttachedPolicies', page, (p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
    }),
  ),

  ListEntitiesForPolicy: operation<ListEntitiesInput, ListEntitiesOutput>((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const filter: EntityFilter = {
        ...(input.EntityFilter !== undefined && { entityFilter: input.EntityFilter }),
        ...(input.PathPrefix !== undefined && { pathPrefix: input.PathPrefix }),
        ...(input.PolicyUsageFilter !== undefined && { usage: input.PolicyUsageFilter }),
      };
      const page = await listEntitiesForPolicy(tx, ctx.caller.accountId, input.PolicyArn, filter, input);
      const output: ListEntitiesOutput = {
        PolicyGroups: [],
        PolicyUsers: [],
        PolicyRoles: [],
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined && { Marker: page.Marker }),
      };
      for (const entity of page.items) {
        if (entity.kind === 'group') output.PolicyGroups.push({ GroupName: entity.name, GroupId: entity.id });
        else if (entity.kind === 'user')
          output.PolicyUsers.push({ UserName: entity.name, UserId: entity.id });
        else output.PolicyRoles.push({ RoleName: entity.name, RoleId: entity.id });
      }
      return output;
    }),
  ),
};
