import type { Selectable } from 'kysely';
import type { RoleSessionsTable, RolesTable } from './database.js';
import type { Tx } from './store.js';

export type RoleRow = Selectable<RolesTable>;
export type RoleSessionRow = Selectable<RoleSessionsTable>;

/** A role session with the role it acts as. */
export type RoleSessionWithRole = RoleSessionRow & { role_name: string; role_arn: string };

/** A role by name (case-insensitive, as IAM names are), or undefined. */
export function findRole(tx: Tx, accountId: string, name: string): Promise<RoleRow | undefined> {
  return tx
    .selectFrom('roles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}

/** A role by its ARN, or undefined. */
export function findRoleByArn(tx: Tx, accountId: string, arn: string): Promise<RoleRow | undefined> {
  return tx
    .selectFrom('roles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('arn', '=', arn)
    .executeTakeFirst();
}

/** A role by its unique id, or undefined. */
export function findRoleById(tx: Tx, id: string): Promise<RoleRow | undefined> {
  return tx.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds a role; the caller has checked that the name is free. */
export async function insertRole(tx: Tx, row: RoleRow): Promise<void> {
  await tx.insertInto('roles').values(row).execute();
}

/** Replaces the role's trust policy. */
export async function updateAssumeRolePolicy(tx: Tx, id: string, document: string): Promise<void> {
  await tx.updateTable('roles').set({ assume_role_policy: document }).where('id', '=', id).execute();
}

/** Removes a role row with its tags (its sessions cascade). */
export async function deleteRole(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('roles').where('id', '=', id).execute();
}

/** Whether the role still has inline policies, and managed policies attached. */
export async function roleDependents(
  tx: Tx,
  id: string,
): Promise<{ inlinePolicies: boolean; attachedPolicies: boolean }> {
  const inline = await tx
    .selectFrom('inline_policies')
    .select('name')
    .where('principal_kind', '=', 'role')
    .where('principal_id', '=', id)
    .executeTakeFirst();
  const attached = await tx
    .selectFrom('attachments')
    .select('policy_arn')
    .where('principal_kind', '=', 'role')
    .where('principal_id', '=', id)
    .executeTakeFirst();
  return { inlinePolicies: inline !== undefined, attachedPolicies: attached !== undefined };
}

export async function insertRoleSession(tx: Tx, row: RoleSessionRow): Promise<void> {
  await tx.insertInto('role_sessions').values(row).execute();
}

/** A role session by its access key id, with its role (none if the role is gone), or undefined. */
export function findRoleSessionById(tx: Tx, accessKeyId: string): Promise<RoleSessionWithRole | undefined> {
  return tx
    .selectFrom('role_sessions')
    .innerJoin('roles', 'roles.id', 'role_sessions.role_id')
    .selectAll('role_sessions')
    .select(['roles.name as role_name', 'roles.arn as role_arn'])
    .where('role_sessions.id', '=', accessKeyId)
    .executeTakeFirst();
}
