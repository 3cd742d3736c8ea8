import type { PrincipalKind } from './database.js';
import type { Tx } from './store.js';

/**
 * Managed policies attached to users, groups and roles, and the users whose permissions boundary
 * is a managed policy: everything that counts as a policy's use.
 */

/** The entity a policy is attached to. */
export interface AttachmentTarget {
  readonly kind: PrincipalKind;
  readonly id: string;
}

/** A user or group that uses a policy, as ListEntitiesForPolicy shows it. */
export interface PolicyEntityRow {
  readonly id: string;
  readonly name: string;
  readonly path: string;
}

/** Attaches a policy; nothing happens if it is attached already. */
export async function attachPolicy(
  tx: Tx,
  accountId: string,
  target: AttachmentTarget,
  policyArn: string,
): Promise<void> {
  await tx
    .insertInto('attachments')
    .values({
      account_id: accountId,
      principal_kind: target.kind,
      principal_id: target.id,
      policy_arn: policyArn,
    })
    .onConflict((oc) => oc.columns(['principal_kind', 'principal_id', 'policy_arn']).doNothing())
    .execute();
}

/** Detaches a policy; false when it was not attached. */
export async function detachPolicy(tx: Tx, target: AttachmentTarget, policyArn: string): Promise<boolean> {
  const result = await tx
    .deleteFrom('attachments')
    .where('principal_kind', '=', target.kind)
    .where('principal_id', '=', target.id)
    .where('policy_arn', '=', policyArn)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The ARNs of the policies attached to an entity, in the order they were attached. */
export async function attachedPolicyArns(tx: Tx, target: AttachmentTarget): Promise<string[]> {
  const rows = await tx
    .selectFrom('attachments')
    .select('policy_arn')
    .where('principal_kind', '=', target.kind)
    .where('principal_id', '=', target.id)
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.policy_arn);
}

/** How many entities of the account each policy is attached to, by policy ARN (absent: none). */
export async function attachmentCounts(
  tx: Tx,
  accountId: string,
  policyArn?: string,
): Promise<Map<string, number>> {
  let query = tx
    .selectFrom('attachments')
    .select(['policy_arn', (eb) => eb.fn.countAll<number>().as('count')])
    .where('account_id', '=', accountId);
  if (policyArn !== undefined) query = query.where('policy_arn', '=', policyArn);
  const rows = await query.groupBy('policy_arn').execute();
  return new Map(rows.map((row) => [row.policy_arn, Number(row.count)]));
}

/** How many users and roles of the account have each policy as their permissions boundary, by policy ARN. */
export async function boundaryUsageCounts(
  tx: Tx,
  accountId: string,
  policyArn?: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  // Roles count too: AWS's PermissionsBoundaryUsageCount is "users and roles".
  for (const table of ['users', 'roles'] as const) {
    let query = tx
      .selectFrom(table)
      .select(['permissions_boundary', (eb) => eb.fn.countAll<number>().as('count')])
      .where('account_id', '=', accountId)
      .where('permissions_boundary', 'is not', null);
    if (policyArn !== undefined) query = query.where('permissions_boundary', '=', policyArn);
    for (const row of await query.groupBy('permissions_boundary').execute()) {
      const arn = row.permissions_boundary as string;
      counts.set(arn, (counts.get(arn) ?? 0) + Number(row.count));
    }
  }
  return counts;
}

/** The account's users the policy is attached to (in no particular order). */
export function usersAttachedTo(tx: Tx, accountId: string, policyArn: string): Promise<PolicyEntityRow[]> {
  return tx
    .selectFrom('attachments')
    .innerJoin('users', 'users.id', 'attachments.principal_id')
    .select(['users.id', 'users.name', 'users.path'])
    .where('attachments.account_id', '=', accountId)
    .where('attachments.principal_kind', '=', 'user')
    .where('attachments.policy_arn', '=', policyArn)
    .execute();
}

/** The account's groups the policy is attached to (in no particular order). */
export function groupsAttachedTo(tx: Tx, accountId: string, policyArn: string): Promise<PolicyEntityRow[]> {
  return tx
    .selectFrom('attachments')
    .innerJoin('groups', 'groups.id', 'attachments.principal_id')
    .select(['groups.id', 'groups.name', 'groups.path'])
    .where('attachments.account_id', '=', accountId)
    .where('attachments.principal_kind', '=', 'group')
    .where('attachments.policy_arn', '=', policyArn)
    .execute();
}

/** The account's roles the policy is attached to (in no particular order). */
export function rolesAttachedTo(tx: Tx, accountId: string, policyArn: string): Promise<PolicyEntityRow[]> {
  return tx
    .selectFrom('attachments')
    .innerJoin('roles', 'roles.id', 'attachments.principal_id')
    .select(['roles.id', 'roles.name', 'roles.path'])
    .where('attachments.account_id', '=', accountId)
    .where('attachments.principal_kind', '=', 'role')
    .where('attachments.policy_arn', '=', policyArn)
    .execute();
}

/** The account's roles whose permissions boundary is the policy (in no particular order). */
export function rolesBoundedBy(tx: Tx, accountId: string, policyArn: string): Promise<PolicyEntityRow[]> {
  return tx
    .selectFrom('roles')
    .select(['id', 'name', 'path'])
    .where('account_id', '=', accountId)
    .where('permissions_boundary', '=', policyArn)
    .execute();
}

/** The account's users whose permissions boundary is the policy (in no particular order). */
export function usersBoundedBy(tx: Tx, accountId: string, policyArn: string): Promise<PolicyEntityRow[]> {
  return tx
    .selectFrom('users')
    .select(['id', 'name', 'path'])
    .where('account_id', '=', accountId)
    .where('permissions_boundary', '=', policyArn)
    .execute();
}
