import type { Tx } from '../store/store.js';
import { attachPolicy } from './attachments.js';
import { addUserToGroup, createGroup } from './groups.js';
import { putInlinePolicy } from './inline-policies.js';
import { importPolicy, type ImportedPolicy } from './policy-import.js';
import { createRole } from './roles.js';
import type { Tag } from './tags.js';
import { createUser } from './users.js';

/**
 * Loads an account's users, groups, roles and customer managed policies (as
 * GetAccountAuthorizationDetails describes them) into an account of this store, through the same
 * domain functions the API uses, so every name, document, path, tag and quota is checked as if
 * each entity had been created by hand. The caller runs it in one transaction: a failure leaves
 * nothing behind. ARNs must already name the target account (the file's account rewritten).
 */

export interface ImportedInlinePolicy {
  readonly name: string;
  readonly document: string;
}

interface ImportedPrincipal {
  readonly name: string;
  readonly path: string;
  readonly createDate: Date;
  readonly inlinePolicies: readonly ImportedInlinePolicy[];
  /** Managed policy ARNs, the account's own or AWS's. */
  readonly attachedPolicies: readonly string[];
}

export type ImportedGroup = ImportedPrincipal;

export interface ImportedUser extends ImportedPrincipal {
  readonly groups: readonly string[];
  readonly permissionsBoundary?: string;
  readonly tags: readonly Tag[];
}

export interface ImportedRole extends ImportedPrincipal {
  readonly assumeRolePolicyDocument: string;
  readonly permissionsBoundary?: string;
  readonly tags: readonly Tag[];
}

export interface ImportedAccount {
  readonly policies: readonly ImportedPolicy[];
  readonly groups: readonly ImportedGroup[];
  readonly users: readonly ImportedUser[];
  readonly roles: readonly ImportedRole[];
}

export interface ImportCounts {
  readonly policies: number;
  readonly policyVersions: number;
  readonly groups: number;
  readonly users: number;
  readonly roles: number;
  readonly inlinePolicies: number;
  readonly attachments: number;
  readonly memberships: number;
}

/** Which entity the import is at, for a progress line: `done` of `total` entities. */
export type ImportProgress = (done: number, total: number) => void;

/** Where an error happened: the entity being imported, for a message that names it. */
export class ImportError extends Error {
  constructor(
    readonly entity: string,
    cause: unknown,
  ) {
    super(`${entity}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ImportError';
  }
}

async function step<T>(entity: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw e instanceof ImportError ? e : new ImportError(entity, e);
  }
}

/**
 * Creates everything `account` holds in `accountId`: policies first (they may be boundaries), then
 * groups, users (with their memberships) and roles, each with its inline policies and attachments.
 * @example await store.transaction((tx) => importAccount(tx, caller, account))
 */
export async function importAccount(
  tx: Tx,
  caller: { readonly accountId: string; readonly arn: string },
  account: ImportedAccount,
  progress: ImportProgress = () => undefined,
): Promise<ImportCounts> {
  const { accountId } = caller;
  const total = account.policies.length + account.groups.length + account.users.length + account.roles.length;
  let done = 0;
  const advance = () => progress(++done, total);
  let inlinePolicies = 0;
  let attachments = 0;
  let memberships = 0;
  const attachAll = async (kind: 'user' | 'group' | 'role', p: ImportedPrincipal) => {
    for (const inline of p.inlinePolicies) {
      await putInlinePolicy(tx, accountId, { kind, name: p.name }, inline.name, inline.document);
      inlinePolicies++;
    }
    for (const arn of p.attachedPolicies) {
      await attachPolicy(tx, accountId, { kind, name: p.name }, arn);
      attachments++;
    }
  };

  for (const policy of account.policies) {
    await step(`policy ${policy.name}`, () => importPolicy(tx, caller, policy));
    advance();
  }
  for (const group of account.groups) {
    await step(`group ${group.name}`, async () => {
      await createGroup(tx, accountId, { groupName: group.name, path: group.path }, group.createDate);
      await attachAll('group', group);
    });
    advance();
  }
  for (const user of account.users) {
    await step(`user ${user.name}`, async () => {
      await createUser(
        tx,
        accountId,
        {
          userName: user.name,
          path: user.path,
          tags: user.tags,
          ...(user.permissionsBoundary !== undefined && { permissionsBoundary: user.permissionsBoundary }),
        },
        user.createDate,
      );
      await attachAll('user', user);
      for (const group of user.groups) {
        await addUserToGroup(tx, accountId, group, user.name);
        memberships++;
      }
    });
    advance();
  }
  for (const role of account.roles) {
    await step(`role ${role.name}`, async () => {
      await createRole(
        tx,
        accountId,
        {
          roleName: role.name,
          path: role.path,
          assumeRolePolicyDocument: role.assumeRolePolicyDocument,
          tags: role.tags,
          ...(role.permissionsBoundary !== undefined && { permissionsBoundary: role.permissionsBoundary }),
        },
        role.createDate,
      );
      await attachAll('role', role);
    });
    advance();
  }
  return {
    policies: account.policies.length,
    policyVersions: account.policies.reduce((n, p) => n + p.versions.length, 0),
    groups: account.groups.length,
    users: account.users.length,
    roles: account.roles.length,
    inlinePolicies,
    attachments,
    memberships,
  };
}
