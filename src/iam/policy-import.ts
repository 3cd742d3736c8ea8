import { deletePolicyVersion, insertPolicyVersion, updatePolicy } from '../store/policies.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS } from './account.js';
import { IamError } from './errors.js';
import { createPolicy, type PolicyCaller } from './policies.js';
import { validatePolicyDocument } from './policy-documents.js';

/**
 * A customer managed policy brought in from another account with the history it had there: its
 * versions keep their ids (`v3`, `v7`, … as AWS numbered them), documents and dates, and its
 * default stays the default. Everything CreatePolicy checks is checked (name, path, documents,
 * quotas), each version's document too.
 */

export interface ImportedPolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: Date;
}

export interface ImportedPolicy {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  readonly createDate: Date;
  readonly updateDate: Date;
  readonly defaultVersionId: string;
  readonly versions: readonly ImportedPolicyVersion[];
}

const VERSION_ID = /^v([1-9]\d{0,8})$/;

function versionNumber(versionId: string): number {
  const match = VERSION_ID.exec(versionId);
  if (!match) throw new IamError('InvalidInput', `Invalid policy version id ${versionId}.`);
  return Number(match[1]);
}

/**
 * Creates the policy with all its versions; returns its ARN in this account.
 * @example await importPolicy(tx, caller, { name: 'ForceMFA', path: '/', …, versions: [{ versionId: 'v2', … }] })
 */
export async function importPolicy(tx: Tx, caller: PolicyCaller, input: ImportedPolicy): Promise<string> {
  const versions = [...input.versions].sort(
    (a, b) => versionNumber(a.versionId) - versionNumber(b.versionId),
  );
  const oldest = versions[0];
  if (!oldest) throw new IamError('InvalidInput', `Policy ${input.name} has no versions.`);
  if (versions.length > IAM_QUOTAS.VersionsPerPolicyQuota)
    throw new IamError(
      'LimitExceeded',
      `A managed policy can have up to ${IAM_QUOTAS.VersionsPerPolicyQuota} versions; ${input.name} has ${versions.length}.`,
    );
  if (new Set(versions.map((v) => v.versionId)).size !== versions.length)
    throw new IamError('InvalidInput', `Policy ${input.name} has the same version twice.`);
  if (!versions.some((v) => v.versionId === input.defaultVersionId))
    throw new IamError('InvalidInput', `Policy ${input.name} has no version ${input.defaultVersionId}.`);
  // CreatePolicy does every check a new policy needs and makes v1; the versions then replace it.
  const { policy } = await createPolicy(
    tx,
    caller,
    {
      name: input.name,
      path: input.path,
      document: oldest.document,
      ...(input.description !== undefined && { description: input.description }),
    },
    input.createDate,
  );
  await deletePolicyVersion(tx, policy.id, 'v1');
  for (const version of versions) {
    validatePolicyDocument(version.document, 'managed');
    await insertPolicyVersion(tx, {
      policy_id: policy.id,
      version_id: version.versionId,
      document: version.document,
      created_at: version.createDate.toISOString(),
    });
  }
  const newest = versions[versions.length - 1] ?? oldest;
  await updatePolicy(tx, policy.id, {
    default_version: input.defaultVersionId,
    next_version: versionNumber(newest.versionId) + 1,
    updated_at: input.updateDate.toISOString(),
  });
  return policy.arn;
}
