import { attachmentCounts, boundaryUsageCounts } from '../store/attachments.js';
import {
  deletePolicy as deletePolicyRow,
  findPolicyByArn,
  findPolicyByName,
  findPolicyVersion,
  countPolicies,
  insertPolicy,
  insertPolicyVersion,
  listPolicies as listPolicyRows,
  listPolicyVersions,
  lockPolicy,
  type PolicyRow,
} from '../store/policies.js';
import { insertTag } from '../store/tags.js';
import type { Tx } from '../store/store.js';
import { IAM_QUOTAS, quotaExceeded } from './account.js';
import { iamArn } from './arns.js';
import { awsManagedCatalog, compareNames, type AwsManagedPolicy } from './aws-managed/catalog.js';
import { IamError } from './errors.js';
import { newId } from './ids.js';
import { paginate, type Page } from './pagination.js';
import { validatePolicyDocument } from './policy-documents.js';
import { checkNewTags, tagsOf, type Tag } from './tags.js';

/**
 * Managed policies: the account's own (customer managed, stored) and AWS's (read-only, from the
 * catalog), looked up by ARN, created, described, listed and deleted.
 */

/** Who asks: the account, and the caller's ARN for AccessDenied messages. `Caller` fits. */
export interface PolicyCaller {
  readonly accountId: string;
  readonly arn: string;
}

/** A managed policy as IAM describes it, whoever manages it. */
export interface ManagedPolicy {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly defaultVersionId: string;
  readonly description: string | undefined;
  readonly createDate: string;
  readonly updateDate: string;
  /** Users, groups and roles of the account the policy is attached to. */
  readonly attachmentCount: number;
  /** Users (and roles) of the account whose permissions boundary the policy is. */
  readonly permissionsBoundaryUsageCount: number;
  readonly isAttachable: boolean;
  readonly awsManaged: boolean;
}

/** A policy found by ARN: an AWS managed one from the catalog, or one of the account's. */
export type ResolvedPolicy =
  | { readonly scope: 'AWS'; readonly policy: AwsManagedPolicy }
  | { readonly scope: 'Local'; readonly row: PolicyRow };

export interface PolicyArnParts {
  /** `aws` for AWS managed policies, else a 12-digit account id. */
  readonly account: string;
  readonly path: string;
  readonly name: string;
}

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

/** The parts of a managed policy ARN, or undefined when `arn` is not one. */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const match = POLICY_ARN.exec(arn);
  if (!match) return undefined;
  return { account: match[1] as string, path: match[2] as string, name: match[3] as string };
}

/** The parts of a managed policy ARN, or `InvalidInput` ("ARN x is not valid."). */
export function requirePolicyArn(arn: string): PolicyArnParts {
  const parts = parsePolicyArn(arn);
  if (!parts) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  return parts;
}

/** `NoSuchEntity` as GetPolicy, DeletePolicy and the version operations word it. */
export function policyNotFound(arn: string): IamError {
  return new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
}

/** `NoSuchEntity` as the attach operations word it. */
export function policyNotAttachable(arn: string): IamError {
  return new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

/**
 * AWS managed policies belong to AWS, not to the caller's account: writing to one is a
 * cross-account request no resource policy allows, and AWS answers AccessDenied even to an
 * administrator.
 */
export function awsManagedWriteDenied(caller: PolicyCaller, action: string, arn: string): IamError {
  return new IamError(
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: iam:${action} on resource: policy ${arn} ` +
      `because no resource-based policy allows the iam:${action} action`,
  );
}

/**
 * The managed policy with this ARN: the account's own or an AWS managed one; undefined when there
 * is none (another account's policy is none). `InvalidInput` when `arn` is not a policy ARN.
 * @example const found = await findManagedPolicy(tx, accountId, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
 */
export async function findManagedPolicy(
  tx: Tx,
  accountId: string,
  arn: string,
): Promise<ResolvedPolicy | undefined> {
  const parts = requirePolicyArn(arn);
  if (parts.account === 'aws') {
    const policy = (await awsManagedCatalog()).get(arn);
    return policy && { scope: 'AWS', policy };
  }
  if (parts.account !== accountId) return undefined;
  const row = await findPolicyByArn(tx, accountId, arn);
  return row && { scope: 'Local', row };
}

/**
 * The account's own policy with this ARN, for the operations that change one: AccessDenied for an
 * AWS managed policy, `NoSuchEntity` ("Policy x was not found.") when there is none.
 */
export async function requireCustomerPolicy(
  tx: Tx,
  caller: PolicyCaller,
  arn: string,
  action: string,
): Promise<PolicyRow> {
  if (requirePolicyArn(arn).account === 'aws') throw awsManagedWriteDenied(caller, action, arn);
  const found = await findManagedPolicy(tx, caller.accountId, arn);
  if (found?.scope !== 'Local') throw policyNotFound(arn);
  return found.row;
}

/**
 * The text of the default version of the managed policy with this ARN, for the policy engine;
 * undefined when there is no such policy. AWS managed documents come without whitespace (see
 * `AwsManagedPolicy.compactDocument`).
 */
export async function defaultPolicyDocument(
  tx: Tx,
  accountId: string,
  arn: string,
): Promise<string | undefined> {
  const found = parsePolicyArn(arn) && (await findManagedPolicy(tx, accountId, arn));
  if (!found) return undefined;
  if (found.scope === 'AWS') return found.policy.compactDocument;
  return (await findPolicyVersion(tx, found.row.id, found.row.default_version))?.document;
}

export interface NewPolicy {
  readonly name: string;
  /** Defaults to `/`. */
  readonly path?: string;
  readonly document: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
}

/** A policy with its tags, as CreatePolicy and GetPolicy return it. */
export interface DescribedPolicy {
  readonly policy: ManagedPolicy;
  readonly tags: Tag[];
}

/**
 * Creates a customer managed policy with its first version, `v1`, as the default.
 * @example await createPolicy(tx, caller, { name: 'ForceMFA', document }, now)
 */
export async function createPolicy(
  tx: Tx,
  caller: PolicyCaller,
  input: NewPolicy,
  now: Date,
): Promise<DescribedPolicy> {
  const accountId = caller.accountId;
  if (await findPolicyByName(tx, accountId, input.name)) {
    throw new IamError(
      'EntityAlreadyExists',
      `A policy called ${input.name} already exists. Duplicate names are not allowed.`,
    );
  }
  validatePolicyDocument(input.document, 'managed');
  const tags = input.tags ?? [];
  checkNewTags(tags);
  if ((await countPolicies(tx, accountId)) >= IAM_QUOTAS.PoliciesQuota) {
    throw quotaExceeded('PoliciesPerAccount', IAM_QUOTAS.PoliciesQuota);
  }
  const path = input.path ?? '/';
  const created = now.toISOString();
  const row: PolicyRow = {
    id: newId('ANPA'),
    account_id: accountId,
    name: input.name,
    name_key: input.name.toLowerCase(),
    path,
    arn: iamArn(accountId, 'policy', path, input.name),
    description: input.description ?? null,
    default_version: 'v1',
    next_version: 2,
    created_at: created,
    updated_at: created,
  };
  await insertPolicy(tx, row);
  await insertPolicyVersion(tx, {
    policy_id: row.id,
    version_id: 'v1',
    document: input.document,
    created_at: created,
  });
  for (const tag of tags) await insertTag(tx, row.id, tag.Key, tag.Value);
  return { policy: localPolicy(row, 0, 0), tags: [...tags] };
}

/** The managed policy with this ARN, with its usage counts and tags; `NoSuchEntity` when there is none. */
export async function getPolicy(tx: Tx, accountId: string, arn: string): Promise<DescribedPolicy> {
  const found = await findManagedPolicy(tx, accountId, arn);
  if (!found) throw policyNotFound(arn);
  const attached = (await attachmentCounts(tx, accountId, arn)).get(arn) ?? 0;
  const bounded = (await boundaryUsageCounts(tx, accountId, arn)).get(arn) ?? 0;
  if (found.scope === 'AWS') return { policy: awsPolicy(found.policy, attached, bounded), tags: [] };
  return { policy: localPolicy(found.row, attached, bounded), tags: await tagsOf(tx, found.row.id) };
}

/**
 * Deletes a customer managed policy. AWS requires it to be unused (neither attached nor anyone's
 * permissions boundary) and to have only its default version left.
 */
export async function deletePolicy(tx: Tx, caller: PolicyCaller, arn: string): Promise<void> {
  // Locked before it is read: an attachment made meanwhile on another node is then seen below.
  await lockPolicy(tx, caller.accountId, arn);
  const row = await requireCustomerPolicy(tx, caller, arn, 'DeletePolicy');
  const attached = (await attachmentCounts(tx, caller.accountId, arn)).get(arn) ?? 0;
  const bounded = (await boundaryUsageCounts(tx, caller.accountId, arn)).get(arn) ?? 0;
  if (attached + bounded > 0) {
    throw new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.');
  }
  if ((await listPolicyVersions(tx, row.id)).length > 1) {
    throw new IamError(
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. " +
        'The default version is deleted with the policy.',
    );
  }
  await deletePolicyRow(tx, row.id);
}

export interface PolicyListFilter {
  /** `All` (the default), `AWS` or `Local`. */
  readonly scope?: 'All' | 'AWS' | 'Local';
  /** Only policies in use: attached, or a permissions boundary (narrowed by `usage`). */
  readonly onlyAttached?: boolean;
  readonly pathPrefix?: string;
  /**
   * With `onlyAttached`, which use counts: attachment as a permissions policy, or use as a
   * permissions boundary. Any managed policy can serve as either, so without `onlyAttached` it
   * removes nothing.
   */
  readonly usage?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

/** The managed policies available to the account, in name order (without regard to case), a page at a time. */
export async function listPolicies(
  tx: Tx,
  accountId: string,
  filter: PolicyListFilter,
  page: { Marker?: string; MaxItems?: number },
): Promise<Page<ManagedPolicy>> {
  const scope = filter.scope ?? 'All';
  const attached = await attachmentCounts(tx, accountId);
  const bounded = await boundaryUsageCounts(tx, accountId);
  const all: ManagedPolicy[] = [];
  if (scope !== 'Local') {
    for (const p of (await awsManagedCatalog()).list()) {
      all.push(awsPolicy(p, attached.get(p.arn) ?? 0, bounded.get(p.arn) ?? 0));
    }
  }
  if (scope !== 'AWS') {
    for (const row of await listPolicyRows(tx, accountId)) {
      all.push(localPolicy(row, attached.get(row.arn) ?? 0, bounded.get(row.arn) ?? 0));
    }
  }
  const prefix = filter.pathPrefix ?? '/';
  const inUse = (p: ManagedPolicy): boolean =>
    filter.usage === 'PermissionsPolicy'
      ? p.attachmentCount > 0
      : filter.usage === 'PermissionsBoundary'
        ? p.permissionsBoundaryUsageCount > 0
        : p.attachmentCount + p.permissionsBoundaryUsageCount > 0;
  const listed = all
    .filter((p) => p.path.startsWith(prefix) && (!filter.onlyAttached || inUse(p)))
    .sort((a, b) => compareNames(a.name, b.name) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return paginate(listed, page);
}

/** A customer managed policy row as a `ManagedPolicy`. */
export function localPolicy(row: PolicyRow, attachmentCount: number, boundaryCount: number): ManagedPolicy {
  return {
    name: row.name,
    id: row.id,
    arn: row.arn,
    path: row.path,
    defaultVersionId: row.default_version,
    description: row.description ?? undefined,
    createDate: row.created_at,
    updateDate: row.updated_at,
    attachmentCount,
    permissionsBoundaryUsageCount: boundaryCount,
    isAttachable: true,
    awsManaged: false,
  };
}

/** A catalog entry as a `ManagedPolicy` (the dataset has no descriptions). */
export function awsPolicy(
  policy: AwsManagedPolicy,
  attachmentCount: number,
  boundaryCount: number,
): ManagedPolicy {
  return {
    name: policy.name,
    id: policy.policyId,
    arn: policy.arn,
    path: policy.path,
    defaultVersionId: policy.defaultVersionId,
    description: undefined,
    createDate: policy.createDate,
    updateDate: policy.updateDate,
    attachmentCount,
    permissionsBoundaryUsageCount: boundaryCount,
    isAttachable: true,
    awsManaged: true,
  };
}
