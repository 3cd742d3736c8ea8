import {
  accountUsage,
  findAccount,
  findAccountByAlias,
  setAlias,
  type AccountRow,
} from '../store/accounts.js';
import { countMfaDevices } from '../store/mfa-devices.js';
import { countNamed } from '../store/named.js';
import type { Tx } from '../store/store.js';
import { IamError } from './errors.js';
import { paginate, type Page } from './pagination.js';

/**
 * IAM's default quotas, named as GetAccountSummary names them. The limits the operations enforce
 * come from here, so the summary and the errors never disagree.
 */
export const IAM_QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: 10,
  AccessKeysPerUserQuota: 2,
  SigningCertificatesPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  PolicySizeQuota: 6144,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  AssumeRolePolicySizeQuota: 2048,
  VersionsPerPolicyQuota: 5,
  PolicyVersionsInUseQuota: 10000,
} as const;

/** `LimitExceeded` in AWS's words, e.g. "Cannot exceed quota for UsersPerAccount: 5000". */
export function quotaExceeded(quota: string, limit: number): IamError {
  return new IamError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`);
}

async function requireAccount(tx: Tx, accountId: string): Promise<AccountRow> {
  const account = await findAccount(tx, accountId);
  // Callers are authenticated against an existing account, so this is a bug, not a client error.
  if (!account) throw new Error(`Account ${accountId} does not exist.`);
  return account;
}

/**
 * Gives the account this alias. An account has at most one: a new alias replaces the old one.
 * Aliases are unique across all accounts, the caller's own current alias included.
 */
export async function createAccountAlias(tx: Tx, accountId: string, alias: string): Promise<void> {
  await requireAccount(tx, accountId);
  if (await findAccountByAlias(tx, alias)) {
    throw new IamError('EntityAlreadyExists', `The account alias ${alias} already exists.`);
  }
  await setAlias(tx, accountId, alias);
}

/** Removes the account's alias, which must be the one named. */
export async function deleteAccountAlias(tx: Tx, accountId: string, alias: string): Promise<void> {
  const account = await requireAccount(tx, accountId);
  if (account.alias !== alias) {
    throw new IamError('NoSuchEntity', `The account alias ${alias} cannot be found.`);
  }
  await setAlias(tx, accountId, null);
}

/** The account's alias as a list of none or one. */
export async function listAccountAliases(
  tx: Tx,
  accountId: string,
  page: { Marker?: string; MaxItems?: number },
): Promise<Page<string>> {
  const account = await requireAccount(tx, accountId);
  return paginate(account.alias === null ? [] : [account.alias], page);
}

/**
 * The account's entity usage and quotas, with the keys AWS returns. Entities iamfa does not have
 * (instance profiles, server certificates, identity providers, root credentials) count 0.
 * MFADevices counts the account's virtual devices, MFADevicesInUse those assigned to a user.
 */
export async function getAccountSummary(tx: Tx, accountId: string): Promise<Record<string, number>> {
  await requireAccount(tx, accountId);
  const usage = await accountUsage(tx, accountId);
  const mfa = await countMfaDevices(tx, accountId);
  return {
    ...IAM_QUOTAS,
    Users: usage.users,
    Groups: usage.groups,
    Policies: usage.policies,
    PolicyVersionsInUse: usage.attachments,
    Roles: await countNamed(tx, 'roles', accountId),
    InstanceProfiles: 0,
    ServerCertificates: 0,
    Providers: 0,
    MFADevices: mfa.devices,
    MFADevicesInUse: mfa.inUse,
    // The root user (iamfa's administrator key) has no MFA device.
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: 0,
    AccountSigningCertificatesPresent: 0,
    GlobalEndpointTokenVersion: 1,
  };
}
