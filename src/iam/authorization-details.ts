import { attachedPolicyArns } from '../store/attachments.js';
import { listGroupsOfUser } from '../store/groups.js';
import { listInlinePolicies } from '../store/inline-policies.js';
import { listNamed } from '../store/named.js';
import type { GroupRow, UserRow } from '../store/principals.js';
import { roleLastAssumed } from '../store/role-last-used.js';
import type { RoleRow } from '../store/roles.js';
import type { Tx } from '../store/store.js';
import { listPolicies, parsePolicyArn, type ManagedPolicy } from './policies.js';
import { listPolicyVersions } from './policy-versions.js';
import { tagsOf, type Tag } from './tags.js';

/**
 * GetAccountAuthorizationDetails' picture of an account: every user, group and role with its inline
 * policies, attached managed policies, memberships, boundary and tags, and the managed policies
 * with all their versions. Named and shaped as the IAM API names them (`UserDetail`, …), as both
 * the API and `iamfa export` write them; documents are the stored text (the codec percent-encodes
 * them on the wire, the export parses them as the AWS CLI does).
 */

export type EntityType = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

export interface PolicyDetail {
  readonly PolicyName: string;
  readonly PolicyDocument: string;
}

export interface AttachedPolicyDetail {
  readonly PolicyName: string;
  readonly PolicyArn: string;
}

export interface BoundaryDetail {
  readonly PermissionsBoundaryType: 'PermissionsBoundaryPolicy';
  readonly PermissionsBoundaryArn: string;
}

export interface UserDetail {
  readonly Path: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly UserPolicyList: PolicyDetail[];
  readonly GroupList: string[];
  readonly AttachedManagedPolicies: AttachedPolicyDetail[];
  readonly PermissionsBoundary?: BoundaryDetail;
  readonly Tags?: Tag[];
}

export interface GroupDetail {
  readonly Path: string;
  readonly GroupName: string;
  readonly GroupId: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly GroupPolicyList: PolicyDetail[];
  readonly AttachedManagedPolicies: AttachedPolicyDetail[];
}

export interface RoleDetail {
  readonly Path: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly AssumeRolePolicyDocument: string;
  /** iamfa has no instance profiles: always empty. */
  readonly InstanceProfileList: never[];
  readonly RolePolicyList: PolicyDetail[];
  readonly AttachedManagedPolicies: AttachedPolicyDetail[];
  readonly PermissionsBoundary?: BoundaryDetail;
  readonly Tags?: Tag[];
  /** Empty when the role was never assumed; iamfa records no region for it. */
  readonly RoleLastUsed: { readonly LastUsedDate?: string };
}

export interface PolicyVersionDetail {
  readonly Document: string;
  readonly VersionId: string;
  readonly IsDefaultVersion: boolean;
  readonly CreateDate: string;
}

export interface ManagedPolicyDetail {
  readonly PolicyName: string;
  readonly PolicyId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly DefaultVersionId: string;
  readonly AttachmentCount: number;
  readonly PermissionsBoundaryUsageCount: number;
  readonly IsAttachable: boolean;
  readonly Description?: string;
  readonly CreateDate: string;
  readonly UpdateDate: string;
  readonly PolicyVersionList: PolicyVersionDetail[];
}

/** One entity of the picture, not yet detailed: pages are cut over these. */
export type EntityRef =
  | { readonly type: 'User'; readonly row: UserRow }
  | { readonly type: 'Group'; readonly row: GroupRow }
  | { readonly type: 'Role'; readonly row: RoleRow }
  | { readonly type: 'Policy'; readonly policy: ManagedPolicy };

export type EntityDetail =
  | { readonly type: 'User'; readonly detail: UserDetail }
  | { readonly type: 'Group'; readonly detail: GroupDetail }
  | { readonly type: 'Role'; readonly detail: RoleDetail }
  | { readonly type: 'Policy'; readonly detail: ManagedPolicyDetail };

const ALL = { MaxItems: Number.MAX_SAFE_INTEGER };

/**
 * The entities the filter selects (all when it is empty), in the order AWS lists them: users, then
 * groups, then roles, then managed policies, each in name order. AWS managed policies are those the
 * account uses (attached, or a permissions boundary), not the whole catalog.
 */
export async function authorizationEntities(
  tx: Tx,
  accountId: string,
  filter: readonly EntityType[] = [],
): Promise<EntityRef[]> {
  const wanted = (type: EntityType): boolean => filter.length === 0 || filter.includes(type);
  const refs: EntityRef[] = [];
  if (wanted('User'))
    for (const row of await listNamed(tx, 'users', accountId)) refs.push({ type: 'User', row });
  if (wanted('Group'))
    for (const row of await listNamed(tx, 'groups', accountId)) refs.push({ type: 'Group', row });
  if (wanted('Role'))
    for (const row of await listNamed(tx, 'roles', accountId)) refs.push({ type: 'Role', row });
  const local = wanted('LocalManagedPolicy');
  const aws = wanted('AWSManagedPolicy');
  if (local || aws) {
    const policies = await listPolicies(tx, accountId, { scope: 'All' }, ALL);
    for (const policy of policies.items) {
      const used = policy.attachmentCount + policy.permissionsBoundaryUsageCount > 0;
      if (policy.awsManaged ? aws && used : local) refs.push({ type: 'Policy', policy });
    }
  }
  return refs;
}

async function inlinePolicies(tx: Tx, kind: 'user' | 'group' | 'role', id: string): Promise<PolicyDetail[]> {
  const rows = await listInlinePolicies(tx, { kind, id });
  return rows
    .map((row) => ({ PolicyName: row.name, PolicyDocument: row.document }))
    .sort((a, b) => (a.PolicyName < b.PolicyName ? -1 : a.PolicyName > b.PolicyName ? 1 : 0));
}

async function attached(
  tx: Tx,
  kind: 'user' | 'group' | 'role',
  id: string,
): Promise<AttachedPolicyDetail[]> {
  return (await attachedPolicyArns(tx, { kind, id })).map((arn) => ({
    PolicyName: parsePolicyArn(arn)?.name ?? arn,
    PolicyArn: arn,
  }));
}

function boundary(arn: string | null): { PermissionsBoundary?: BoundaryDetail } {
  return arn === null
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: arn,
        },
      };
}

async function tags(tx: Tx, id: string): Promise<{ Tags?: Tag[] }> {
  const list = await tagsOf(tx, id);
  return list.length === 0 ? {} : { Tags: list };
}

/** The full detail of one entity. */
export async function entityDetail(tx: Tx, accountId: string, ref: EntityRef): Promise<EntityDetail> {
  switch (ref.type) {
    case 'User': {
      const { row } = ref;
      return {
        type: 'User',
        detail: {
          Path: row.path,
          UserName: row.name,
          UserId: row.id,
          Arn: row.arn,
          CreateDate: row.created_at,
          UserPolicyList: await inlinePolicies(tx, 'user', row.id),
          GroupList: (await listGroupsOfUser(tx, row.id)).map((g) => g.name),
          AttachedManagedPolicies: await attached(tx, 'user', row.id),
          ...boundary(row.permissions_boundary),
          ...(await tags(tx, row.id)),
        },
      };
    }
    case 'Group': {
      const { row } = ref;
      return {
        type: 'Group',
        detail: {
          Path: row.path,
          GroupName: row.name,
          GroupId: row.id,
          Arn: row.arn,
          CreateDate: row.created_at,
          GroupPolicyList: await inlinePolicies(tx, 'group', row.id),
          AttachedManagedPolicies: await attached(tx, 'group', row.id),
        },
      };
    }
    case 'Role': {
      const { row } = ref;
      const lastUsed = await roleLastAssumed(tx, row.id);
      return {
        type: 'Role',
        detail: {
          Path: row.path,
          RoleName: row.name,
          RoleId: row.id,
          Arn: row.arn,
          CreateDate: row.created_at,
          AssumeRolePolicyDocument: row.assume_role_policy,
          InstanceProfileList: [],
          RolePolicyList: await inlinePolicies(tx, 'role', row.id),
          AttachedManagedPolicies: await attached(tx, 'role', row.id),
          ...boundary(row.permissions_boundary),
          ...(await tags(tx, row.id)),
          RoleLastUsed: lastUsed === undefined ? {} : { LastUsedDate: lastUsed },
        },
      };
    }
    case 'Policy': {
      const { policy } = ref;
      const versions = await listPolicyVersions(tx, accountId, policy.arn, ALL);
      return {
        type: 'Policy',
        detail: {
          PolicyName: policy.name,
          PolicyId: policy.id,
          Arn: policy.arn,
          Path: policy.path,
          DefaultVersionId: policy.defaultVersionId,
          AttachmentCount: policy.attachmentCount,
          PermissionsBoundaryUsageCount: policy.permissionsBoundaryUsageCount,
          IsAttachable: policy.isAttachable,
          ...(policy.description !== undefined && { Description: policy.description }),
          CreateDate: policy.createDate,
          UpdateDate: policy.updateDate,
          PolicyVersionList: versions.items.map((v) => ({
            Document: v.document,
            VersionId: v.versionId,
            IsDefaultVersion: v.isDefaultVersion,
            CreateDate: v.createDate,
          })),
        },
      };
    }
  }
}

/** The four lists of GetAccountAuthorizationDetails' output. */
export type AuthorizationDetailLists = {
  readonly UserDetailList: UserDetail[];
  readonly GroupDetailList: GroupDetail[];
  readonly RoleDetailList: RoleDetail[];
  readonly Policies: ManagedPolicyDetail[];
};

/** Details sorted into their four lists (in the order given). */
export function detailLists(details: readonly EntityDetail[]): AuthorizationDetailLists {
  const lists: AuthorizationDetailLists = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  for (const d of details) {
    if (d.type === 'User') lists.UserDetailList.push(d.detail);
    else if (d.type === 'Group') lists.GroupDetailList.push(d.detail);
    else if (d.type === 'Role') lists.RoleDetailList.push(d.detail);
    else lists.Policies.push(d.detail);
  }
  return lists;
}
