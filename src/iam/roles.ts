import {
  deleteRole as deleteRoleRow,
  insertRole,
  roleDependents,
  updateAssumeRolePolicy as updateTrustRow,
  findRole,
  type RoleRow,
} from '../store/roles.js';
import { countNamed, listNamed } from '../store/named.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { iamArn } from './arns.js';
import { alreadyExists, IamError } from './errors.js';
import { newId } from './ids.js';
import { paginate, type Page } from './pagination.js';
import { validatePolicyDocument } from './policy-documents.js';
import { requireRole } from './principals.js';
import { setTags, tagsOf, type Tag } from './tags.js';
import { checkPermissionsBoundary } from './users.js';

/**
 * IAM roles: a trust policy (who may assume the role), a description, the longest session
 * AssumeRole may issue, tags; their permissions policies are attached and inline policies of kind
 * `role` (attachments.ts, inline-policies.ts).
 */

export interface NewRole {
  readonly roleName: string;
  /** Defaults to `/`. */
  readonly path?: string;
  /** The trust policy, validated as one. */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  /** Seconds, 3600–43200; defaults to 3600. */
  readonly maxSessionDuration?: number;
  readonly tags?: readonly Tag[];
  /** The ARN of a managed policy to use as the role's permissions boundary. */
  readonly permissionsBoundary?: string;
}

/** The bounds of MaxSessionDuration, in seconds (1 to 12 hours). */
export const SESSION_DURATION = { min: 3600, max: 43_200, default: 3600 } as const;

function checkMaxSessionDuration(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < SESSION_DURATION.min || seconds > SESSION_DURATION.max) {
    throw new IamError(
      'ValidationError',
      `1 validation error detected: Value '${seconds}' at 'maxSessionDuration' failed to satisfy constraint: ` +
        `Member must have value less than or equal to ${SESSION_DURATION.max}`,
    );
  }
}

/**
 * Creates a role with its trust policy and tags, and returns it.
 * @example await createRole(tx, accountId, { roleName: 'Admin', assumeRolePolicyDocument: trust }, now)
 */
export async function createRole(tx: Tx, accountId: string, input: NewRole, now: Date): Promise<RoleRow> {
  validatePolicyDocument(input.assumeRolePolicyDocument, 'trust');
  const maxSessionDuration = input.maxSessionDuration ?? SESSION_DURATION.default;
  checkMaxSessionDuration(maxSessionDuration);
  if (await findRole(tx, accountId, input.roleName)) throw alreadyExists('Role', input.roleName);
  if ((await countNamed(tx, 'roles', accountId)) >= IAM_QUOTAS.RolesQuota) {
    throw quotaExceeded('RolesPerAccount', IAM_QUOTAS.RolesQuota);
  }
  if (input.permissionsBoundary !== undefined) {
    await checkPermissionsBoundary(tx, accountId, input.permissionsBoundary);
  }
  const path = input.path ?? '/';
  const role: RoleRow = {
    id: newId('AROA'),
    account_id: accountId,
    name: input.roleName,
    name_key: input.roleName.toLowerCase(),
    path,
    arn: iamArn(accountId, 'role', path, input.roleName),
    assume_role_policy: input.assumeRolePolicyDocument,
    description: input.description ?? null,
    max_session_duration: maxSessionDuration,
    permissions_boundary: input.permissionsBoundary ?? null,
    created_at: now.toISOString(),
  };
  await insertRole(tx, role);
  if (input.tags && input.tags.length > 0) await setTags(tx, role.id, input.tags, 'Role');
  return role;
}

/** The role, or `NoSuchEntity`. */
export function getRole(tx: Tx, accountId: string, roleName: string): Promise<RoleRow> {
  return requireRole(tx, accountId, roleName);
}

/** Replaces a role's trust policy (validated as one). */
export async function updateAssumeRolePolicy(
  tx: Tx,
  accountId: string,
  roleName: string,
  document: string,
): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  validatePolicyDocument(document, 'trust');
  await updateTrustRow(tx, role.id, document);
}

/**
 * Deletes a role that has no policies any more (`DeleteConflict` otherwise); its sessions end with
 * it.
 */
export async function deleteRole(tx: Tx, accountId: string, roleName: string): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  const dependents = await roleDependents(tx, role.id);
  if (dependents.inlinePolicies) {
    throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  }
  if (dependents.attachedPolicies) {
    throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  }
  await deleteRoleRow(tx, role.id);
}

/** The account's roles under a path prefix, in name order, a page at a time. */
export async function listRoles(
  tx: Tx,
  accountId: string,
  request: { readonly PathPrefix?: string; readonly Marker?: string; readonly MaxItems?: number },
): Promise<Page<RoleRow>> {
  return paginate(await listNamed(tx, 'roles', accountId, request.PathPrefix), request);
}

/** A role's tags, in the order they were first set. */
export function roleTags(tx: Tx, role: RoleRow): Promise<Tag[]> {
  return tagsOf(tx, role.id);
}
