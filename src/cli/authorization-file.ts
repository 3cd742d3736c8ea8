import type { AuthorizationDetailLists } from '../iam/authorization-details.js';
import type { ImportedAccount, ImportedInlinePolicy } from '../iam/authorization-import.js';
import type { ImportedPolicy } from '../iam/policy-import.js';
import type { Tag } from '../iam/tags.js';

/**
 * The file `aws iam get-account-authorization-details` prints, both ways. The AWS CLI decodes the
 * percent-encoded policy documents and parses them into JSON objects, and prints times as
 * `2024-05-01T12:00:00+00:00`; `iamfa export` writes the same. Reading is lenient where the CLI
 * versions differ: documents may also be strings (raw JSON, or still percent-encoded as the SDKs
 * return them) and times anything ISO 8601.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A file that does not have the shape of GetAccountAuthorizationDetails' output. */
export class AuthorizationFileError extends Error {
  constructor(path: string, expected: string) {
    super(`${path}: expected ${expected}.`);
    this.name = 'AuthorizationFileError';
  }
}

function object(value: Json | undefined, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AuthorizationFileError(path, 'an object');
  return value;
}

function list(value: Json | undefined, path: string): Json[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AuthorizationFileError(path, 'a list');
  return value;
}

function text(value: Json | undefined, path: string): string {
  if (typeof value !== 'string') throw new AuthorizationFileError(path, 'a string');
  return value;
}

function optionalText(value: Json | undefined, path: string): string | undefined {
  return value === undefined ? undefined : text(value, path);
}

function date(value: Json | undefined, path: string): Date {
  const parsed = new Date(text(value, path));
  if (Number.isNaN(parsed.getTime())) throw new AuthorizationFileError(path, 'an ISO 8601 date and time');
  return parsed;
}

/** A policy document as text, whichever way the file holds it. */
function documentText(value: Json | undefined, path: string): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return JSON.stringify(value, null, 2);
  const raw = text(value, path);
  return raw.startsWith('%') ? decodeURIComponent(raw) : raw;
}

function inlinePolicies(value: Json | undefined, path: string): ImportedInlinePolicy[] {
  return list(value, path).map((entry, i) => {
    const p = object(entry, `${path}[${i}]`);
    return {
      name: text(p.PolicyName, `${path}[${i}].PolicyName`),
      document: documentText(p.PolicyDocument, `${path}[${i}].PolicyDocument`),
    };
  });
}

function attached(value: Json | undefined, path: string): string[] {
  return list(value, path).map((entry, i) =>
    text(object(entry, `${path}[${i}]`).PolicyArn, `${path}[${i}].PolicyArn`),
  );
}

function boundary(value: Json | undefined, path: string): { permissionsBoundary?: string } {
  if (value === undefined) return {};
  return {
    permissionsBoundary: text(object(value, path).PermissionsBoundaryArn, `${path}.PermissionsBoundaryArn`),
  };
}

function tags(value: Json | undefined, path: string): Tag[] {
  return list(value, path).map((entry, i) => {
    const t = object(entry, `${path}[${i}]`);
    return { Key: text(t.Key, `${path}[${i}].Key`), Value: text(t.Value, `${path}[${i}].Value`) };
  });
}

/** The ARNs of the file's own entities (users, groups, roles, customer managed policies). */
export function ownArns(file: unknown): string[] {
  const root = object(file as Json, 'the file');
  const arns: string[] = [];
  for (const key of ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'])
    for (const entry of list(root[key], key)) {
      const arn =
        typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry.Arn : undefined;
      if (typeof arn === 'string' && !arn.startsWith('arn:aws:iam::aws:')) arns.push(arn);
    }
  return arns;
}

/** Roles AWS makes and owns (their path is `/aws-service-role/`): no one can create one by hand. */
export function isServiceLinked(path: string): boolean {
  return path.startsWith('/aws-service-role/');
}

export interface ReadAccount {
  readonly account: ImportedAccount;
  /** Service-linked roles left out. */
  readonly skippedRoles: readonly string[];
}

/** The entities a parsed file describes; AWS managed policies are only referenced by ARN. */
export function readAuthorizationFile(file: unknown): ReadAccount {
  const root = object(file as Json, 'the file');
  const policies: ImportedPolicy[] = [];
  list(root.Policies, 'Policies').forEach((entry, i) => {
    const at = `Policies[${i}]`;
    const p = object(entry, at);
    if (text(p.Arn, `${at}.Arn`).startsWith('arn:aws:iam::aws:')) return;
    const description = optionalText(p.Description, `${at}.Description`);
    policies.push({
      name: text(p.PolicyName, `${at}.PolicyName`),
      path: text(p.Path, `${at}.Path`),
      ...(description !== undefined && { description }),
      createDate: date(p.CreateDate, `${at}.CreateDate`),
      updateDate: date(p.UpdateDate ?? p.CreateDate, `${at}.UpdateDate`),
      defaultVersionId: text(p.DefaultVersionId, `${at}.DefaultVersionId`),
      versions: list(p.PolicyVersionList, `${at}.PolicyVersionList`).map((v, j) => {
        const version = object(v, `${at}.PolicyVersionList[${j}]`);
        return {
          versionId: text(version.VersionId, `${at}.PolicyVersionList[${j}].VersionId`),
          document: documentText(version.Document, `${at}.PolicyVersionList[${j}].Document`),
          createDate: date(version.CreateDate, `${at}.PolicyVersionList[${j}].CreateDate`),
        };
      }),
    });
  });
  const groups = list(root.GroupDetailList, 'GroupDetailList').map((entry, i) => {
    const at = `GroupDetailList[${i}]`;
    const g = object(entry, at);
    return {
      name: text(g.GroupName, `${at}.GroupName`),
      path: text(g.Path, `${at}.Path`),
      createDate: date(g.CreateDate, `${at}.CreateDate`),
      inlinePolicies: inlinePolicies(g.GroupPolicyList, `${at}.GroupPolicyList`),
      attachedPolicies: attached(g.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
    };
  });
  const users = list(root.UserDetailList, 'UserDetailList').map((entry, i) => {
    const at = `UserDetailList[${i}]`;
    const u = object(entry, at);
    return {
      name: text(u.UserName, `${at}.UserName`),
      path: text(u.Path, `${at}.Path`),
      createDate: date(u.CreateDate, `${at}.CreateDate`),
      inlinePolicies: inlinePolicies(u.UserPolicyList, `${at}.UserPolicyList`),
      attachedPolicies: attached(u.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
      groups: list(u.GroupList, `${at}.GroupList`).map((g, j) => text(g, `${at}.GroupList[${j}]`)),
      ...boundary(u.PermissionsBoundary, `${at}.PermissionsBoundary`),
      tags: tags(u.Tags, `${at}.Tags`),
    };
  });
  const skippedRoles: string[] = [];
  const roles = list(root.RoleDetailList, 'RoleDetailList').flatMap((entry, i) => {
    const at = `RoleDetailList[${i}]`;
    const r = object(entry, at);
    const name = text(r.RoleName, `${at}.RoleName`);
    const path = text(r.Path, `${at}.Path`);
    if (isServiceLinked(path)) {
      skippedRoles.push(name);
      return [];
    }
    return [
      {
        name,
        path,
        createDate: date(r.CreateDate, `${at}.CreateDate`),
        assumeRolePolicyDocument: documentText(r.AssumeRolePolicyDocument, `${at}.AssumeRolePolicyDocument`),
        inlinePolicies: inlinePolicies(r.RolePolicyList, `${at}.RolePolicyList`),
        attachedPolicies: attached(r.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
        ...boundary(r.PermissionsBoundary, `${at}.PermissionsBoundary`),
        tags: tags(r.Tags, `${at}.Tags`),
      },
    ];
  });
  return { account: { policies, groups, users, roles }, skippedRoles };
}

/** A time as the AWS CLI prints it: `2024-05-01T12:00:00+00:00`. */
export function cliTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

/** A document as the AWS CLI prints it: parsed, when it is JSON. */
function cliDocument(document: string): Json {
  try {
    return JSON.parse(document) as Json;
  } catch {
    return document;
  }
}

/**
 * The details as `aws iam get-account-authorization-details` prints them: documents parsed, times
 * as the CLI writes them, members in the API model's order.
 */
export function authorizationFile(lists: AuthorizationDetailLists): JsonObject {
  const convert = (value: unknown, key?: string): Json => {
    if (typeof value === 'string') {
      if (key === 'CreateDate' || key === 'UpdateDate' || key === 'LastUsedDate') return cliTime(value);
      if (key === 'PolicyDocument' || key === 'Document' || key === 'AssumeRolePolicyDocument')
        return cliDocument(value);
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => convert(v));
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
    return value as Json;
  };
  return object(convert(lists), 'details');
}
