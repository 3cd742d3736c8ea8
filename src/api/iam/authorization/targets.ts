import { iamArn } from '../../../iam/arns.js';
import { parsePolicyArn } from '../../../iam/policies.js';
import { apiTags, tagsOf, type Tag } from '../../../iam/tags.js';
import type { ContextInput } from '../../../policy/index.js';
import { findAccessKeyById } from '../../../store/access-keys.js';
import { findMfaDevice } from '../../../store/mfa-devices.js';
import { findPolicyByArn } from '../../../store/policies.js';
import { findGroup, findUserWithTags } from '../../../store/principals.js';
import { findRole } from '../../../store/roles.js';
import type { ResolveContext } from '../../authorization.js';

/**
 * What an IAM operation acts on, resolved from its input: the resource AWS authorizes it against
 * (the entity's ARN with the entity's real path, or `*`), and what that entity brings to the check.
 */

export type Input = Readonly<Record<string, unknown>>;
export type Keys = Record<string, ContextInput>;

export interface Target {
  /** The entity's ARN as AWS builds it, path included; `*` for actions with no resource type. */
  readonly resource: string;
  /** Condition keys the entity itself carries: its tags (`aws:ResourceTag/…`, `iam:ResourceTag/…`). */
  readonly keys: Keys;
  /** The stored user, when the target is one that exists. */
  readonly userId?: string;
  /** The user's or role's permissions boundary ARN, when it has one (`iam:PermissionsBoundary`). */
  readonly boundary?: string;
}

export type TargetResolver = (input: Input, context: ResolveContext) => Promise<Target>;

/** A string member of the decoded input, or undefined. */
export function text(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

function required(input: Input, member: string): string {
  const value = text(input, member);
  // The model has validated the input: a required member is always there.
  if (value === undefined) throw new Error(`${member} is required`);
  return value;
}

/** The tag keys the entity's resource type defines: users carry both, policies only `aws:`. */
function resourceTags(tags: readonly Tag[], prefixes: readonly string[]): Keys {
  const keys: Keys = {};
  for (const { Key, Value } of tags)
    for (const prefix of prefixes) keys[`${prefix}:ResourceTag/${Key}`] = Value;
  return keys;
}

async function userNamed(name: string, { caller, tx }: ResolveContext): Promise<Target> {
  // The user and its tags in one statement: one round trip, one consistent view.
  const found = await findUserWithTags(tx, caller.accountId, name);
  // A user that does not exist is authorized at the root path, as AWS does.
  if (!found) return { resource: iamArn(caller.accountId, 'user', '/', name), keys: {} };
  const row = found.user;
  return {
    resource: row.arn,
    keys: resourceTags(apiTags(found.tags), ['aws', 'iam']),
    userId: row.id,
    ...(row.permissions_boundary === null ? {} : { boundary: row.permissions_boundary }),
  };
}

/** The existing user named by `member`. */
export function user(member = 'UserName'): TargetResolver {
  return (input, context) => userNamed(required(input, member), context);
}

/**
 * The user named by `member`, else the caller's own user. A caller that is no IAM user (the root,
 * a role session) is itself the target: the handler then answers as AWS does (root's GetUser, or
 * "Must specify userName when calling with non-User credentials").
 */
export function userOrCaller(member = 'UserName'): TargetResolver {
  return (input, context) => {
    const name = text(input, member) ?? context.caller.userName;
    if (name === undefined) return Promise.resolve({ resource: context.caller.arn, keys: {} });
    return userNamed(name, context);
  };
}

/** The existing group named by `member`. */
export function group(member = 'GroupName'): TargetResolver {
  return async (input, { caller, tx }) => {
    const name = required(input, member);
    const row = await findGroup(tx, caller.accountId, name);
    return { resource: row ? row.arn : iamArn(caller.accountId, 'group', '/', name), keys: {} };
  };
}

/** The existing role named by `member`, with its tags (`aws:` and `iam:ResourceTag/…`). */
export function role(member = 'RoleName'): TargetResolver {
  return async (input, { caller, tx }) => {
    const name = required(input, member);
    const row = await findRole(tx, caller.accountId, name);
    // A role that does not exist is authorized at the root path, as for users.
    if (!row) return { resource: iamArn(caller.accountId, 'role', '/', name), keys: {} };
    return {
      resource: row.arn,
      keys: resourceTags(await tagsOf(tx, row.id), ['aws', 'iam']),
      ...(row.permissions_boundary === null ? {} : { boundary: row.permissions_boundary }),
    };
  };
}

/** The entity a Create operation makes: named by `member`, at the input's `Path` (default `/`). */
export function created(type: 'user' | 'group' | 'role' | 'policy' | 'mfa', member: string): TargetResolver {
  return (input, { caller }) =>
    Promise.resolve({
      resource: iamArn(caller.accountId, type, text(input, 'Path') ?? '/', required(input, member)),
      keys: {},
    });
}

/** The managed policy named by `PolicyArn` (as given), with its tags when it is the account's own. */
export const policy: TargetResolver = async (input, { caller, tx }) => {
  const arn = required(input, 'PolicyArn');
  if (parsePolicyArn(arn)?.account !== caller.accountId) return { resource: arn, keys: {} };
  const row = await findPolicyByArn(tx, caller.accountId, arn);
  return { resource: arn, keys: row ? resourceTags(await tagsOf(tx, row.id), ['aws']) : {} };
};

/**
 * The virtual MFA device named by `SerialNumber` (`arn:aws:iam::ACCOUNT:mfa/PATH/NAME`), with its
 * tags when the account has it. A serial the account does not have is checked as given when it is
 * an MFA ARN (the handler then answers NoSuchEntity), and at the root path otherwise.
 */
export const mfaDevice: TargetResolver = async (input, { caller, tx }) => {
  const serial = required(input, 'SerialNumber');
  const row = await findMfaDevice(tx, caller.accountId, serial);
  if (row) {
    return { resource: row.serial_number, keys: resourceTags(await tagsOf(tx, row.serial_number), ['aws']) };
  }
  const isMfaArn = serial.startsWith(`arn:aws:iam::${caller.accountId}:mfa/`);
  return { resource: isMfaArn ? serial : iamArn(caller.accountId, 'mfa', '/', serial), keys: {} };
};

/**
 * ListUsers and ListGroups: AWS authorizes them against the ARN prefix of the listed path
 * (`arn:aws:iam::ACCOUNT:user/` for the whole account), not against `*`.
 */
export function pathOf(type: 'user' | 'group' | 'role'): TargetResolver {
  return (input, { caller }) =>
    Promise.resolve({
      resource: iamArn(caller.accountId, type, text(input, 'PathPrefix') ?? '/', ''),
      keys: {},
    });
}

/** Account-wide actions (no resource type in the Service Authorization Reference). */
export const anything: TargetResolver = () => Promise.resolve({ resource: '*', keys: {} });

/**
 * GetAccessKeyLastUsed acts on the key's owner. A key the account does not have has no owner to
 * name: it is checked against `*`, and the handler refuses it whatever the policies say.
 */
export const accessKeyOwner: TargetResolver = async (input, context) => {
  const key = await findAccessKeyById(context.tx, required(input, 'AccessKeyId'));
  if (!key || key.account_id !== context.caller.accountId) return { resource: '*', keys: {} };
  return userNamed(key.user_name, context);
};
