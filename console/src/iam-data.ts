import { ApiError, call } from './api.js';

/** IAM listings more than one page needs. */

export interface ManagedPolicy {
  readonly PolicyName: string;
  readonly Arn: string;
  readonly Path?: string;
  readonly DefaultVersionId?: string;
  readonly AttachmentCount?: number;
  readonly CreateDate?: string;
  readonly UpdateDate?: string;
  readonly Description?: string;
}

/** Every page of ListPolicies for a scope. */
export async function listPolicies(scope: 'Local' | 'AWS' | 'All'): Promise<ManagedPolicy[]> {
  const all: ManagedPolicy[] = [];
  let marker: string | undefined;
  do {
    const page: { Policies: ManagedPolicy[]; IsTruncated?: boolean; Marker?: string } = await call(
      'iam',
      'ListPolicies',
      {
        Scope: scope,
        MaxItems: 1000,
        Marker: marker,
      },
    );
    all.push(...page.Policies);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return all;
}

export interface IamUser {
  readonly UserName: string;
  readonly UserId?: string;
  readonly Arn: string;
  readonly Path?: string;
  readonly CreateDate?: string;
  readonly PasswordLastUsed?: string;
}

export interface IamGroup {
  readonly GroupName: string;
  readonly Arn: string;
  readonly CreateDate?: string;
}

export interface AttachedPolicy {
  readonly PolicyName: string;
  readonly PolicyArn: string;
}

export async function listGroups(): Promise<IamGroup[]> {
  return (await call<{ Groups: IamGroup[] }>('iam', 'ListGroups', { MaxItems: 1000 })).Groups;
}

/** Ignores NoSuchEntity: what is already gone need not be removed. */
async function unless404(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NoSuchEntity')) throw error;
  }
}

/**
 * Deletes a user as the AWS console does: first everything IAM refuses to delete a user with
 * (password, keys, certificates, MFA devices, group memberships, policies), then the user.
 */
export async function deleteUserCompletely(userName: string): Promise<void> {
  const u = { UserName: userName };
  await unless404(call('iam', 'DeleteLoginProfile', u));
  const keys = await call<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('iam', 'ListAccessKeys', u);
  for (const k of keys.AccessKeyMetadata)
    await call('iam', 'DeleteAccessKey', { ...u, AccessKeyId: k.AccessKeyId });
  const certs = await call<{ Certificates: { CertificateId: string }[] }>(
    'iam',
    'ListSigningCertificates',
    u,
  );
  for (const c of certs.Certificates)
    await call('iam', 'DeleteSigningCertificate', { ...u, CertificateId: c.CertificateId });
  const ssh = await call<{ SSHPublicKeys: { SSHPublicKeyId: string }[] }>('iam', 'ListSSHPublicKeys', u);
  for (const k of ssh.SSHPublicKeys)
    await call('iam', 'DeleteSSHPublicKey', { ...u, SSHPublicKeyId: k.SSHPublicKeyId });
  const git = await call<{ ServiceSpecificCredentials: { ServiceSpecificCredentialId: string }[] }>(
    'iam',
    'ListServiceSpecificCredentials',
    u,
  );
  for (const c of git.ServiceSpecificCredentials)
    await call('iam', 'DeleteServiceSpecificCredential', {
      ...u,
      ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
    });
  const mfa = await call<{ MFADevices: { SerialNumber: string }[] }>('iam', 'ListMFADevices', u);
  for (const d of mfa.MFADevices) {
    await call('iam', 'DeactivateMFADevice', { ...u, SerialNumber: d.SerialNumber });
    await unless404(call('iam', 'DeleteVirtualMFADevice', { SerialNumber: d.SerialNumber }));
  }
  const groups = await call<{ Groups: IamGroup[] }>('iam', 'ListGroupsForUser', u);
  for (const g of groups.Groups) await call('iam', 'RemoveUserFromGroup', { ...u, GroupName: g.GroupName });
  const attached = await call<{ AttachedPolicies: AttachedPolicy[] }>('iam', 'ListAttachedUserPolicies', u);
  for (const p of attached.AttachedPolicies)
    await call('iam', 'DetachUserPolicy', { ...u, PolicyArn: p.PolicyArn });
  const inline = await call<{ PolicyNames: string[] }>('iam', 'ListUserPolicies', u);
  for (const name of inline.PolicyNames) await call('iam', 'DeleteUserPolicy', { ...u, PolicyName: name });
  await call('iam', 'DeleteUser', u);
}

/** Deletes a group after removing its members and policies, as the AWS console does. */
export async function deleteGroupCompletely(groupName: string): Promise<void> {
  const g = { GroupName: groupName };
  const group = await call<{ Users: IamUser[] }>('iam', 'GetGroup', g);
  for (const user of group.Users) await call('iam', 'RemoveUserFromGroup', { ...g, UserName: user.UserName });
  const attached = await call<{ AttachedPolicies: AttachedPolicy[] }>('iam', 'ListAttachedGroupPolicies', g);
  for (const p of attached.AttachedPolicies)
    await call('iam', 'DetachGroupPolicy', { ...g, PolicyArn: p.PolicyArn });
  const inline = await call<{ PolicyNames: string[] }>('iam', 'ListGroupPolicies', g);
  for (const name of inline.PolicyNames) await call('iam', 'DeleteGroupPolicy', { ...g, PolicyName: name });
  await call('iam', 'DeleteGroup', g);
}
