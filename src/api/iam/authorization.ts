import type { AuthorizationCheck, Authorizations, OperationAuthorization } from '../authorization.js';
import { policySource } from './authorization/policy-source.js';
import {
  credentialService,
  policyArn,
  removedTagKeys,
  renamed,
  requestedBoundary,
  requestedCredential,
  requestTags,
  tagOnCreate,
  userBoundary,
  type ExtraCheck,
  type KeySource,
} from './authorization/request-keys.js';
import {
  accessKeyOwner,
  anything,
  created,
  group,
  mfaDevice,
  pathOf,
  policy,
  role,
  user,
  userOrCaller,
  type TargetResolver,
} from './authorization/targets.js';

/**
 * How AWS authorizes each IAM operation, after the Service Authorization Reference for IAM: the
 * action `iam:<Operation>` on the entity the operation acts on (its ARN with its real path), with
 * the condition keys the request carries, and the further checks some inputs call for.
 */
interface Rule {
  /** What the operation acts on. */
  readonly on: TargetResolver;
  /** Condition keys from the request (the entity's own tags come with the target). */
  readonly keys?: readonly KeySource[];
  /** Further checks AWS makes for some inputs, after the operation's own. */
  readonly also?: readonly ExtraCheck[];
}

const selfOrUser: Rule = { on: userOrCaller() };
const namedUser: Rule = { on: user() };
const namedGroup: Rule = { on: group() };
const namedRole: Rule = { on: role() };
/** Operations whose catalog entry lists the role's own `iam:PermissionsBoundary`. */
const boundedRole: Rule = { on: role(), keys: [userBoundary] };
const managedPolicy: Rule = { on: policy };
const account: Rule = { on: anything };

const RULES: Readonly<Record<string, Rule>> = {
  // Users
  CreateUser: {
    on: created('user', 'UserName'),
    keys: [requestTags, requestedBoundary],
    also: [tagOnCreate('iam:TagUser')],
  },
  GetUser: selfOrUser,
  UpdateUser: { on: user(), also: [renamed('user', 'NewUserName')] },
  DeleteUser: namedUser,
  ListUsers: { on: pathOf('user') },
  TagUser: { on: user(), keys: [requestTags] },
  UntagUser: { on: user(), keys: [removedTagKeys] },
  ListUserTags: namedUser,

  // Groups (membership changes act on the group)
  CreateGroup: { on: created('group', 'GroupName') },
  GetGroup: namedGroup,
  UpdateGroup: { on: group(), also: [renamed('group', 'NewGroupName')] },
  DeleteGroup: namedGroup,
  ListGroups: { on: pathOf('group') },
  AddUserToGroup: namedGroup,
  RemoveUserFromGroup: namedGroup,
  ListGroupsForUser: namedUser,

  // The account
  CreateAccountAlias: account,
  DeleteAccountAlias: account,
  ListAccountAliases: account,
  GetAccountSummary: account,
  UpdateAccountPasswordPolicy: account,
  GetAccountPasswordPolicy: account,
  DeleteAccountPasswordPolicy: account,

  // Managed policies
  CreatePolicy: {
    on: created('policy', 'PolicyName'),
    keys: [requestTags],
    also: [tagOnCreate('iam:TagPolicy')],
  },
  GetPolicy: managedPolicy,
  DeletePolicy: managedPolicy,
  ListPolicies: account,
  CreatePolicyVersion: managedPolicy,
  GetPolicyVersion: managedPolicy,
  ListPolicyVersions: managedPolicy,
  DeletePolicyVersion: managedPolicy,
  SetDefaultPolicyVersion: managedPolicy,
  ListEntitiesForPolicy: managedPolicy,
  AttachUserPolicy: { on: user(), keys: [policyArn, userBoundary] },
  DetachUserPolicy: { on: user(), keys: [policyArn, userBoundary] },
  AttachGroupPolicy: { on: group(), keys: [policyArn] },
  DetachGroupPolicy: { on: group(), keys: [policyArn] },
  ListAttachedUserPolicies: namedUser,
  ListAttachedGroupPolicies: namedGroup,

  // Inline policies
  PutUserPolicy: { on: user(), keys: [userBoundary] },
  GetUserPolicy: namedUser,
  DeleteUserPolicy: { on: user(), keys: [userBoundary] },
  ListUserPolicies: namedUser,
  PutGroupPolicy: namedGroup,
  GetGroupPolicy: namedGroup,
  DeleteGroupPolicy: namedGroup,
  ListGroupPolicies: namedGroup,

  // Passwords
  CreateLoginProfile: selfOrUser,
  GetLoginProfile: selfOrUser,
  UpdateLoginProfile: namedUser,
  DeleteLoginProfile: selfOrUser,
  ChangePassword: selfOrUser,

  // Access keys
  CreateAccessKey: selfOrUser,
  ListAccessKeys: selfOrUser,
  UpdateAccessKey: selfOrUser,
  DeleteAccessKey: selfOrUser,
  GetAccessKeyLastUsed: { on: accessKeyOwner },

  // SSH public keys
  UploadSSHPublicKey: namedUser,
  GetSSHPublicKey: namedUser,
  ListSSHPublicKeys: selfOrUser,
  UpdateSSHPublicKey: namedUser,
  DeleteSSHPublicKey: namedUser,

  // Signing certificates
  UploadSigningCertificate: selfOrUser,
  ListSigningCertificates: selfOrUser,
  UpdateSigningCertificate: selfOrUser,
  DeleteSigningCertificate: selfOrUser,

  // Service-specific credentials
  CreateServiceSpecificCredential: { on: userOrCaller(), keys: [requestedCredential] },
  ListServiceSpecificCredentials: selfOrUser,
  ResetServiceSpecificCredential: { on: userOrCaller(), keys: [credentialService] },
  UpdateServiceSpecificCredential: { on: userOrCaller(), keys: [credentialService] },
  DeleteServiceSpecificCredential: { on: userOrCaller(), keys: [credentialService] },

  // MFA devices: assignment acts on the user, the virtual device itself on its mfa/ ARN
  CreateVirtualMFADevice: {
    on: created('mfa', 'VirtualMFADeviceName'),
    keys: [requestTags],
    also: [tagOnCreate('iam:TagMFADevice')],
  },
  DeleteVirtualMFADevice: { on: mfaDevice },
  EnableMFADevice: namedUser,
  // The seeds' SMS MFA actions, on the user whose phone is registered (as EnableMFADevice).
  RequestSmsMfaRegistration: selfOrUser,
  FinalizeSmsMfaRegistration: selfOrUser,
  ResyncMFADevice: namedUser,
  DeactivateMFADevice: selfOrUser,
  ListMFADevices: selfOrUser,
  GetMFADevice: selfOrUser,
  ListVirtualMFADevices: account,
  TagMFADevice: { on: mfaDevice, keys: [requestTags] },
  UntagMFADevice: { on: mfaDevice, keys: [removedTagKeys] },
  ListMFADeviceTags: { on: mfaDevice },

  // Roles
  CreateRole: {
    on: created('role', 'RoleName'),
    keys: [requestTags, requestedBoundary],
    also: [tagOnCreate('iam:TagRole')],
  },
  GetRole: boundedRole,
  DeleteRole: boundedRole,
  ListRoles: { on: pathOf('role') },
  UpdateAssumeRolePolicy: boundedRole,
  AttachRolePolicy: { on: role(), keys: [policyArn, userBoundary] },
  DetachRolePolicy: { on: role(), keys: [policyArn, userBoundary] },
  ListAttachedRolePolicies: namedRole,
  PutRolePolicy: { on: role(), keys: [userBoundary] },
  GetRolePolicy: namedRole,
  DeleteRolePolicy: { on: role(), keys: [userBoundary] },
  ListRolePolicies: namedRole,

  // The policy simulator: on the simulated user, group or role; custom policies on no resource
  SimulatePrincipalPolicy: { on: policySource },
  GetContextKeysForPrincipalPolicy: { on: policySource },
  SimulateCustomPolicy: account,
  GetContextKeysForCustomPolicy: account,

  // Reports over the whole account
  GenerateCredentialReport: account,
  GetCredentialReport: account,
  GetAccountAuthorizationDetails: account,
};

function authorize(action: string, rule: Rule): OperationAuthorization {
  return async (input, context) => {
    const target = await rule.on(input, context);
    const keys = { ...target.keys };
    for (const source of rule.keys ?? []) Object.assign(keys, await source(input, target, context));
    const main: AuthorizationCheck =
      Object.keys(keys).length === 0
        ? { action, resource: target.resource }
        : { action, resource: target.resource, context: keys };
    const checks = [main];
    for (const extra of rule.also ?? []) {
      const check = extra(input, main);
      if (check) checks.push(check);
    }
    return checks;
  };
}

/** Every IAM operation iamfa serves, with the checks AWS makes for it (action `iam:<Operation>`). */
export const iamAuthorizations: Authorizations = Object.fromEntries(
  Object.entries(RULES).map(([operation, rule]) => [operation, authorize(`iam:${operation}`, rule)]),
);
