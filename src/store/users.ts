import type { Insertable } from 'kysely';
import type { UsersTable } from './database.js';
import type { Tx } from './store.js';

/** Adds a user; the caller has checked that the name is free. */
export async function insertUser(tx: Tx, user: Insertable<UsersTable>): Promise<void> {
  await tx.insertInto('users').values(user).execute();
}

/** Removes a user row; its tags go with it (rows that cascade go on their own). */
export async function deleteUser(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('users').where('id', '=', id).execute();
}

/** What a user still owns that blocks its deletion, each as present or not. */
export interface UserDependents {
  readonly loginProfile: boolean;
  readonly accessKeys: boolean;
  readonly signingCertificates: boolean;
  readonly sshPublicKeys: boolean;
  readonly serviceCredentials: boolean;
  readonly inlinePolicies: boolean;
  readonly attachedPolicies: boolean;
  readonly groups: boolean;
}

/** Which of the things that block deleting a user it still has. */
export async function userDependents(tx: Tx, userId: string): Promise<UserDependents> {
  const has = async (
    table:
      | 'login_profiles'
      | 'access_keys'
      | 'signing_certificates'
      | 'ssh_public_keys'
      | 'service_credentials'
      | 'group_members',
  ): Promise<boolean> =>
    (await tx
      .selectFrom(table)
      .select('user_id')
      .where('user_id', '=', userId)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  const hasPolicy = async (table: 'inline_policies' | 'attachments'): Promise<boolean> =>
    (await tx
      .selectFrom(table)
      .select('principal_id')
      .where('principal_kind', '=', 'user')
      .where('principal_id', '=', userId)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  return {
    loginProfile: await has('login_profiles'),
    accessKeys: await has('access_keys'),
    signingCertificates: await has('signing_certificates'),
    sshPublicKeys: await has('ssh_public_keys'),
    serviceCredentials: await has('service_credentials'),
    inlinePolicies: await hasPolicy('inline_policies'),
    attachedPolicies: await hasPolicy('attachments'),
    groups: await has('group_members'),
  };
}
