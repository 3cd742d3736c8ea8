import {
  attachedPolicyArns,
  attachPolicy as attachRow,
  detachPolicy as detachRow,
  groupsAttachedTo,
  rolesAttachedTo,
  rolesBoundedBy,
  usersAttachedTo,
  usersBoundedBy,
  type AttachmentTarget,
  type PolicyEntityRow,
} from '../store/attachments.js';
import { lockPolicy } from '../store/policies.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { compareNames } from './aws-managed/catalog.js';
import { paginate, type Page } from './pagination.js';
import {
  findManagedPolicy,
  parsePolicyArn,
  policyNotAttachable,
  policyNotFound,
  requirePolicyArn,
} from './policies.js';
import { requireGroup, requireRole, requireUser } from './principals.js';

/**
 * Managed policies attached to users, groups and roles: at most ten on each (the default quota); attaching
 * one twice is no error; the ones attached are listed in the order they were attached.
 */

/** The entity that policies are attached to, by kind and name. */
export interface PolicyHolder {
  readonly kind: 'user' | 'group' | 'role';
  readonly name: string;
}

/** A policy attached to an entity: its name and ARN. */
export interface AttachedPolicy {
  readonly name: string;
  readonly arn: string;
}

/** An entity that uses a policy, as ListEntitiesForPolicy lists it. */
export interface PolicyEntity {
  readonly kind: 'user' | 'group' | 'role';
  readonly name: string;
  readonly id: string;
}

const QUOTAS = {
  user: { name: 'PoliciesPerUser', limit: IAM_QUOTAS.AttachedPoliciesPerUserQuota },
  group: { name: 'PoliciesPerGroup', limit: IAM_QUOTAS.AttachedPoliciesPerGroupQuota },
  role: { name: 'PoliciesPerRole', limit: IAM_QUOTAS.AttachedPoliciesPerRoleQuota },
} as const;

/** The stored entity a holder names; `NoSuchEntity` when there is none. */
async function target(tx: Tx, accountId: string, holder: PolicyHolder): Promise<AttachmentTarget> {
  const row =
    holder.kind === 'user'
      ? await requireUser(tx, accountId, holder.name)
      : holder.kind === 'group'
        ? await requireGroup(tx, accountId, holder.name)
        : await requireRole(tx, accountId, holder.name);
  return { kind: holder.kind, id: row.id };
}

/**
 * Attaches a managed policy (the account's or AWS's) to a user or group.
 * @example await attachPolicy(tx, accountId, { kind: 'user', name: 'alice' }, 'arn:aws:iam::aws:policy/ReadOnlyAccess')
 */
export async function attachPolicy(
  tx: Tx,
  accountId: string,
  holder: PolicyHolder,
  arn: string,
): Promise<void> {
  const entity = await target(tx, accountId, holder);
  // Locked before it is read: a DeletePolicy on another node waits, or has already gone.
  await lockPolicy(tx, accountId, arn);
  const found = await findManagedPolicy(tx, accountId, arn);
  if (!found) throw policyNotAttachable(arn);
  // Service-linked role policies are for AWS's service roles only.
  if (found.scope === 'AWS' && found.policy.path === '/aws-service-role/') throw policyNotAttachable(arn);
  const attached = await attachedPolicyArns(tx, entity);
  if (attached.includes(arn)) return;
  const quota = QUOTAS[holder.kind];
  if (attached.length >= quota.limit) throw quotaExceeded(quota.name, quota.limit);
  await attachRow(tx, accountId, entity, arn);
}

/** Detaches a managed policy; `NoSuchEntity` ("Policy x was not found.") when it is not attached. */
export async function detachPolicy(
  tx: Tx,
  accountId: string,
  holder: PolicyHolder,
  arn: string,
): Promise<void> {
  const entity = await target(tx, accountId, holder);
  requirePolicyArn(arn);
  if (!(await detachRow(tx, entity, arn))) throw policyNotFound(arn);
}

/** The managed policies attached to a user or group whose path starts with `pathPrefix`, a page at a time. */
export async function listAttachedPolicies(
  tx: Tx,
  accountId: string,
  holder: PolicyHolder,
  pathPrefix: string | undefined,
  page: { Marker?: string; MaxItems?: number },
): Promise<Page<AttachedPolicy>> {
  const entity = await target(tx, accountId, holder);
  const prefix = pathPrefix ?? '/';
  const listed: AttachedPolicy[] = [];
  for (const arn of await attachedPolicyArns(tx, entity)) {
    const parts = parsePolicyArn(arn);
    if (parts && parts.path.startsWith(prefix)) listed.push({ name: parts.name, arn });
  }
  return paginate(listed, page);
}

export interface EntityFilter {
  /** `User`, `Group` or `Role`; the policy kinds the model also allows select nothing here. */
  readonly entityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  readonly pathPrefix?: string;
  /** Attachment as a permissions policy, or use as a permissions boundary; both when absent. */
  readonly usage?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

/**
 * The groups, users and roles that use a managed policy, groups first, each kind in name order
 * (without regard to case), a page at a time.
 */
export async function listEntitiesForPolicy(
  tx: Tx,
  accountId: string,
  arn: string,
  filter: EntityFilter,
  page: { Marker?: string; MaxItems?: number },
): Promise<Page<PolicyEntity>> {
  if (!(await findManagedPolicy(tx, accountId, arn))) throw policyNotFound(arn);
  const wants = (kind: 'User' | 'Group' | 'Role'): boolean =>
    filter.entityFilter === undefined || filter.entityFilter === kind;
  const asPolicy = filter.usage !== 'PermissionsBoundary';
  const asBoundary = filter.usage !== 'PermissionsPolicy';

  const groups = wants('Group') && asPolicy ? await groupsAttachedTo(tx, accountId, arn) : [];
  const users = new Map<string, PolicyEntityRow>();
  if (wants('User')) {
    if (asPolicy) for (const u of await usersAttachedTo(tx, accountId, arn)) users.set(u.id, u);
    if (asBoundary) for (const u of await usersBoundedBy(tx, accountId, arn)) users.set(u.id, u);
  }
  const roles = new Map<string, PolicyEntityRow>();
  if (wants('Role')) {
    if (asPolicy) for (const r of await rolesAttachedTo(tx, accountId, arn)) roles.set(r.id, r);
    if (asBoundary) for (const r of await rolesBoundedBy(tx, accountId, arn)) roles.set(r.id, r);
  }
  const prefix = filter.pathPrefix ?? '/';
  const entities = (kind: PolicyEntity['kind'], rows: Iterable<PolicyEntityRow>): PolicyEntity[] =>
    [...rows]
      .filter((row) => row.path.startsWith(prefix))
      .sort((a, b) => compareNames(a.name, b.name))
      .map((row) => ({ kind, name: row.name, id: row.id }));
  return paginate(
    [...entities('group', groups), ...entities('user', users.values()), ...entities('role', roles.values())],
    page,
  );
}
