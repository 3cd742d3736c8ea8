import {
  countPolicyVersions,
  deletePolicyVersion as deleteVersionRow,
  findPolicyVersion,
  insertPolicyVersion,
  listPolicyVersions as listVersionRows,
  lockPolicy,
  updatePolicy,
  type PolicyRow,
} from '../store/policies.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS } from './account.js';
import type { AwsManagedPolicy } from './aws-managed/catalog.js';
import { IamError } from './errors.js';
import { paginate, type Page } from './pagination.js';
import { findManagedPolicy, policyNotFound, requireCustomerPolicy, type PolicyCaller } from './policies.js';
import { validatePolicyDocument } from './policy-documents.js';

/**
 * The versions of managed policies. A customer managed policy has one to five versions, numbered
 * v1, v2, … and never reusing a number; exactly one is the default, the one in effect. For an AWS
 * managed policy iamfa knows only the default version.
 */

export interface PolicyVersion {
  readonly versionId: string;
  readonly isDefaultVersion: boolean;
  readonly createDate: string;
  /** The document as it was given (for AWS managed policies, as AWS returns it). */
  readonly document: string;
}

/** `NoSuchEntity` for a version the policy does not have, in AWS's words. */
function versionNotFound(arn: string, versionId: string): IamError {
  return new IamError(
    'NoSuchEntity',
    `Policy ${arn} version ${versionId} does not exist or is not attachable.`,
  );
}

/**
 * Adds a version to a customer managed policy, as its default when `setAsDefault`. A policy has at
 * most five versions: LimitExceeded beyond.
 * @example await createPolicyVersion(tx, caller, arn, document, true, now)
 */
export async function createPolicyVersion(
  tx: Tx,
  caller: PolicyCaller,
  arn: string,
  document: string,
  setAsDefault: boolean,
  now: Date,
): Promise<PolicyVersion> {
  // Locked before it is read, as DeletePolicy does: two writers of one policy take turns.
  await lockPolicy(tx, caller.accountId, arn);
  const policy = await requireCustomerPolicy(tx, caller, arn, 'CreatePolicyVersion');
  validatePolicyDocument(document, 'managed');
  if ((await countPolicyVersions(tx, policy.id)) >= IAM_QUOTAS.VersionsPerPolicyQuota) {
    throw new IamError(
      'LimitExceeded',
      `A managed policy can have up to ${IAM_QUOTAS.VersionsPerPolicyQuota} versions. ` +
        'Before you create a new version, you must delete an existing version.',
    );
  }
  const versionId = `v${policy.next_version}`;
  const created = now.toISOString();
  await insertPolicyVersion(tx, {
    policy_id: policy.id,
    version_id: versionId,
    document,
    created_at: created,
  });
  await updatePolicy(tx, policy.id, {
    next_version: policy.next_version + 1,
    // UpdateDate is when the newest version was created, default or not.
    updated_at: created,
    ...(setAsDefault && { default_version: versionId }),
  });
  return { versionId, isDefaultVersion: setAsDefault, createDate: created, document };
}

/** One version of a managed policy, with its document. */
export async function getPolicyVersion(
  tx: Tx,
  accountId: string,
  arn: string,
  versionId: string,
): Promise<PolicyVersion> {
  const found = await findManagedPolicy(tx, accountId, arn);
  if (!found) throw versionNotFound(arn, versionId);
  if (found.scope === 'AWS') {
    if (versionId !== found.policy.defaultVersionId) throw versionNotFound(arn, versionId);
    return awsDefaultVersion(found.policy);
  }
  const row = await findPolicyVersion(tx, found.row.id, versionId);
  if (!row) throw versionNotFound(arn, versionId);
  return {
    versionId: row.version_id,
    isDefaultVersion: row.version_id === found.row.default_version,
    createDate: row.created_at,
    document: row.document,
  };
}

/** A managed policy's versions, newest first, a page at a time. */
export async function listPolicyVersions(
  tx: Tx,
  accountId: string,
  arn: string,
  page: { Marker?: string; MaxItems?: number },
): Promise<Page<PolicyVersion>> {
  const found = await findManagedPolicy(tx, accountId, arn);
  if (!found) throw policyNotFound(arn);
  if (found.scope === 'AWS') return paginate([awsDefaultVersion(found.policy)], page);
  return paginate(await versionsOf(tx, found.row), page);
}

/** Deletes a version that is not the default. */
export async function deletePolicyVersion(
  tx: Tx,
  caller: PolicyCaller,
  arn: string,
  versionId: string,
): Promise<void> {
  const policy = await requireCustomerPolicy(tx, caller, arn, 'DeletePolicyVersion');
  if (!(await findPolicyVersion(tx, policy.id, versionId))) throw versionNotFound(arn, versionId);
  if (versionId === policy.default_version) {
    throw new IamError('DeleteConflict', 'Cannot delete the default version of a policy.');
  }
  await deleteVersionRow(tx, policy.id, versionId);
}

/** Makes a version the default one, the one in effect wherever the policy is attached. */
export async function setDefaultPolicyVersion(
  tx: Tx,
  caller: PolicyCaller,
  arn: string,
  versionId: string,
): Promise<void> {
  const policy = await requireCustomerPolicy(tx, caller, arn, 'SetDefaultPolicyVersion');
  if (!(await findPolicyVersion(tx, policy.id, versionId))) throw versionNotFound(arn, versionId);
  await updatePolicy(tx, policy.id, { default_version: versionId });
}

/** A customer managed policy's versions, newest (highest number) first. */
async function versionsOf(tx: Tx, policy: PolicyRow): Promise<PolicyVersion[]> {
  const rows = await listVersionRows(tx, policy.id);
  return rows
    .map((row) => ({
      versionId: row.version_id,
      isDefaultVersion: row.version_id === policy.default_version,
      createDate: row.created_at,
      document: row.document,
    }))
    .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
}

function versionNumber(versionId: string): number {
  return Number.parseInt(versionId.slice(1), 10);
}

function awsDefaultVersion(policy: AwsManagedPolicy): PolicyVersion {
  return {
    versionId: policy.defaultVersionId,
    isDefaultVersion: true,
    createDate: policy.updateDate,
    document: policy.document,
  };
}
