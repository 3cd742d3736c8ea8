import type { Insertable, Selectable, Updateable } from 'kysely';
import type { PoliciesTable, PolicyVersionsTable } from './database.js';
import { dialectOf } from './dialect.js';
import type { Tx } from './store.js';

/** Customer managed policies and their versions (AWS managed ones live in the read-only catalog). */

export type PolicyRow = Selectable<PoliciesTable>;
export type PolicyVersionRow = Selectable<PolicyVersionsTable>;

/** The account's policy with this ARN (exact), or undefined. */
export function findPolicyByArn(tx: Tx, accountId: string, arn: string): Promise<PolicyRow | undefined> {
  return tx
    .selectFrom('policies')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('arn', '=', arn)
    .executeTakeFirst();
}

/** The account's policy with this name (without regard to case, as names are unique), or undefined. */
export function findPolicyByName(tx: Tx, accountId: string, name: string): Promise<PolicyRow | undefined> {
  return tx
    .selectFrom('policies')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}

/** The account's policies (in no particular order). */
export function listPolicies(tx: Tx, accountId: string): Promise<PolicyRow[]> {
  return tx.selectFrom('policies').selectAll().where('account_id', '=', accountId).execute();
}

/** How many policies the account has. */
export async function countPolicies(tx: Tx, accountId: string): Promise<number> {
  const { count } = await tx
    .selectFrom('policies')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * Locks the account's policy with this ARN, if it has one, until the transaction ends: whatever
 * deletes a policy, or puts it in use (attaching it, making it a permissions boundary, adding a
 * version), takes this first and reads after, so of two such on two nodes the second sees what the
 * first did (DeletePolicy then finds the attachment made meanwhile, rather than leaving it behind
 * for a later policy of the same name). Only PostgreSQL needs it: SQLite runs one transaction at a
 * time.
 */
export async function lockPolicy(tx: Tx, accountId: string, arn: string): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await tx
    .selectFrom('policies')
    .select('id')
    .where('account_id', '=', accountId)
    .where('arn', '=', arn)
    .forUpdate()
    .execute();
}

/** Adds a policy row; the caller has checked that the name is free and adds its first version. */
export async function insertPolicy(tx: Tx, policy: Insertable<PoliciesTable>): Promise<void> {
  await tx.insertInto('policies').values(policy).execute();
}

/** Changes a policy's default version, version counter or update date. */
export async function updatePolicy(
  tx: Tx,
  id: string,
  changes: Pick<Updateable<PoliciesTable>, 'default_version' | 'next_version' | 'updated_at'>,
): Promise<void> {
  await tx.updateTable('policies').set(changes).where('id', '=', id).execute();
}

/** Removes a policy with all its versions and tags. */
export async function deletePolicy(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('policy_versions').where('policy_id', '=', id).execute();
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('policies').where('id', '=', id).execute();
}

/** A policy's versions (in no particular order). */
export function listPolicyVersions(tx: Tx, policyId: string): Promise<PolicyVersionRow[]> {
  return tx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).execute();
}

/** One version of a policy, or undefined. */
export function findPolicyVersion(
  tx: Tx,
  policyId: string,
  versionId: string,
): Promise<PolicyVersionRow | undefined> {
  return tx
    .selectFrom('policy_versions')
    .selectAll()
    .where('policy_id', '=', policyId)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
}

/** Adds a version to a policy. */
export async function insertPolicyVersion(tx: Tx, version: Insertable<PolicyVersionsTable>): Promise<void> {
  await tx.insertInto('policy_versions').values(version).execute();
}

/** Removes one version of a policy. */
export async function deletePolicyVersion(tx: Tx, policyId: string, versionId: string): Promise<void> {
  await tx
    .deleteFrom('policy_versions')
    .where('policy_id', '=', policyId)
    .where('version_id', '=', versionId)
    .execute();
}

/** How many versions a policy has. */
export async function countPolicyVersions(tx: Tx, policyId: string): Promise<number> {
  const { count } = await tx
    .selectFrom('policy_versions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('policy_id', '=', policyId)
    .executeTakeFirstOrThrow();
  return Number(count);
}
