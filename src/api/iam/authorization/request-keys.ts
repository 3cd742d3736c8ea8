import type { Tag } from '../../../iam/tags.js';
import { findServiceCredential } from '../../../store/service-credentials.js';
import type { AuthorizationCheck, ResolveContext } from '../../authorization.js';
import { requestTagKeys } from '../../tag-keys.js';
import { text, type Input, type Keys, type Target } from './targets.js';

/**
 * The condition keys an IAM request carries from its input (the Service Authorization Reference's
 * per-action keys), and the further checks AWS makes for some inputs.
 */

export type KeySource = (input: Input, target: Target, context: ResolveContext) => Keys | Promise<Keys>;

/** A further check an input calls for, beside the operation's own (e.g. iam:TagUser on create). */
export type ExtraCheck = (input: Input, main: AuthorizationCheck) => AuthorizationCheck | undefined;

function isTag(value: unknown): value is Tag {
  if (typeof value !== 'object' || value === null) return false;
  const { Key, Value } = value as Record<string, unknown>;
  return typeof Key === 'string' && typeof Value === 'string';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function tagKeys(input: Input): Keys | undefined {
  const tags = list(input['Tags']).filter(isTag);
  return tags.length === 0 ? undefined : requestTagKeys(tags);
}

/** `aws:RequestTag/${key}` for each tag of the request's `Tags`, and `aws:TagKeys`; none without tags. */
export const requestTags: KeySource = (input) => tagKeys(input) ?? {};

/** UntagUser: `aws:TagKeys` is the keys being removed. */
export const removedTagKeys: KeySource = (input) => {
  const keys = list(input['TagKeys']).filter((key): key is string => typeof key === 'string');
  return keys.length === 0 ? {} : { 'aws:TagKeys': keys };
};

/** `iam:PolicyARN`: the managed policy being attached or detached. */
export const policyArn: KeySource = (input) => {
  const arn = text(input, 'PolicyArn');
  return arn === undefined ? {} : { 'iam:PolicyARN': arn };
};

/** CreateUser: `iam:PermissionsBoundary` is the boundary the request sets. */
export const requestedBoundary: KeySource = (input) => {
  const arn = text(input, 'PermissionsBoundary');
  return arn === undefined ? {} : { 'iam:PermissionsBoundary': arn };
};

/** Changes to a user's or role's policies: `iam:PermissionsBoundary` is the boundary it already has. */
export const userBoundary: KeySource = (_input, target) =>
  target.boundary === undefined ? {} : { 'iam:PermissionsBoundary': target.boundary };

/** CreateServiceSpecificCredential: the service asked for, and the requested lifetime in days. */
export const requestedCredential: KeySource = (input) => {
  const keys: Keys = {};
  const service = text(input, 'ServiceName');
  if (service !== undefined) keys['iam:ServiceSpecificCredentialServiceName'] = service;
  const days = input['CredentialAgeDays'];
  if (typeof days === 'number') keys['iam:ServiceSpecificCredentialAgeDays'] = days;
  return keys;
};

/** Operations on an existing service-specific credential: the service it belongs to. */
export const credentialService: KeySource = async (input, target, { tx }) => {
  const id = text(input, 'ServiceSpecificCredentialId');
  if (target.userId === undefined || id === undefined) return {};
  const row = await findServiceCredential(tx, target.userId, id);
  return row ? { 'iam:ServiceSpecificCredentialServiceName': row.service_name } : {};
};

/**
 * Creating with tags also needs the tagging action on the new entity ("iam:CreateUser" and
 * "iam:TagUser" together, as the IAM User Guide's create-with-tags example grants), with the
 * request's tag keys.
 */
export function tagOnCreate(action: string): ExtraCheck {
  return (input, main) => {
    const keys = tagKeys(input);
    return keys && { action, resource: main.resource, context: keys };
  };
}

/**
 * UpdateUser and UpdateGroup: a new name or path needs the same permission on the entity as it will
 * be ("to change Bob to Robert, the entity making the request must have permission on Bob and
 * Robert"). The entity keeps its tags.
 */
export function renamed(type: 'user' | 'group', nameMember: string): ExtraCheck {
  return (input, main) => {
    const newName = text(input, nameMember);
    const newPath = text(input, 'NewPath');
    if (newName === undefined && newPath === undefined) return undefined;
    // The source ARN is `arn:aws:iam::ACCOUNT:TYPE` + path + name, and names hold no `/`.
    const at = main.resource.indexOf(`:${type}/`);
    if (at < 0) return undefined;
    const pathAt = at + type.length + 1;
    const nameAt = main.resource.lastIndexOf('/') + 1;
    const path = newPath ?? main.resource.slice(pathAt, nameAt);
    const resource = `${main.resource.slice(0, pathAt)}${path}${newName ?? main.resource.slice(nameAt)}`;
    return resource === main.resource ? undefined : { ...main, resource };
  };
}
