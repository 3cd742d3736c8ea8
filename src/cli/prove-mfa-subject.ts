import { access, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ContextPrincipal } from '../auth/request-context.js';
import { groupPolicies, userPolicies } from '../iam/principal-policies.js';
import { tagsOf } from '../iam/tags.js';
import { parsePolicy, type PolicyKind, type PolicySetInput, type SourcedPolicy } from '../policy/index.js';
import { openStore } from '../store/open.js';
import { findGroup, findUser } from '../store/principals.js';

/**
 * Whose MFA enforcement `iamfa prove-mfa` proves: a user of the store (with everything that
 * governs it), a group of the store (as any member gets it), or policy files — read into the
 * policies and the principal facts the server would put in the request context.
 */

/** Something wrong with what was asked for (a file, a user, the store): exit status 2. */
export class SubjectError extends Error {}

export interface Subject {
  /** What was proved, for the report: `user alice`, `group Developers`, `3 policy files`. */
  readonly description: string;
  readonly policies: PolicySetInput;
  readonly principal: ContextPrincipal;
  /** Whether the principal's tags are known (a stored user's): otherwise a caller's choice. */
  readonly tagsKnown: boolean;
}

export interface SubjectOptions {
  readonly user?: string | undefined;
  readonly group?: string | undefined;
  readonly policy?: readonly string[] | undefined;
  readonly boundary?: string | undefined;
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  readonly accountId: string;
  /** The name of the user the proof stands for, with policy files or a group. */
  readonly userName: string;
}

/** The unique id a user without one is given: only `${aws:userid}` reads it. */
const PROOF_USER_ID = 'AIDAIAMFAPROVEMFAUSER';

function userPrincipal(accountId: string, userName: string, arn: string, userId: string): ContextPrincipal {
  return { accountId, arn, userId, userName, principalType: 'User', tags: {} };
}

async function policyFile(file: string, kind: PolicyKind): Promise<SourcedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SubjectError(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const result = parsePolicy(text, { kind });
  if (!result.ok) {
    const first = result.errors[0];
    const at = first ? `:${first.span.start.line}:${first.span.start.column}` : '';
    throw new SubjectError(`${file}${at}: not a valid policy: ${first?.message ?? 'unknown error'}`);
  }
  return {
    id: basename(file),
    type: kind === 'boundary' ? 'boundary-file' : 'file',
    document: result.policy,
  };
}

async function fromFiles(options: SubjectOptions, files: readonly string[]): Promise<Subject> {
  const identity = await Promise.all(files.map((f) => policyFile(f, 'managed')));
  const boundary =
    options.boundary === undefined ? undefined : await policyFile(options.boundary, 'boundary');
  const { accountId, userName } = options;
  const arn = `arn:aws:iam::${accountId}:user/${userName}`;
  return {
    description: `${files.length} policy file${files.length === 1 ? '' : 's'} for user ${userName}`,
    policies: { identity, boundary },
    principal: userPrincipal(accountId, userName, arn, PROOF_USER_ID),
    tagsKnown: false,
  };
}

/** The SQLite file of a data directory, which must exist: a proof never creates a store. */
async function existingDatabase(dataDir: string): Promise<string> {
  const file = join(dataDir, 'iamfa.db');
  try {
    await access(file);
  } catch {
    throw new SubjectError(`No iamfa database in ${dataDir} (expected ${file}).`);
  }
  return file;
}

async function fromStore(options: SubjectOptions): Promise<Subject> {
  const { accountId } = options;
  let store;
  try {
    store = await openStore({
      databaseUrl: options.databaseUrl,
      sqliteFile: () => existingDatabase(options.dataDir),
    });
  } catch (e) {
    if (e instanceof SubjectError) throw e;
    throw new SubjectError(`Cannot open the store: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return await store.transaction(async (tx): Promise<Subject> => {
      if (options.user !== undefined) {
        const user = await findUser(tx, accountId, options.user);
        if (!user) throw new SubjectError(`No user named ${options.user} in account ${accountId}.`);
        const tags = await tagsOf(tx, user.id);
        return {
          description: `user ${user.name} (account ${accountId})`,
          policies: await userPolicies(tx, user),
          principal: {
            ...userPrincipal(accountId, user.name, user.arn, user.id),
            tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
          },
          tagsKnown: true,
        };
      }
      const name = options.group ?? '';
      const group = await findGroup(tx, accountId, name);
      if (!group) throw new SubjectError(`No group named ${name} in account ${accountId}.`);
      const { userName } = options;
      return {
        description: `group ${group.name} (account ${accountId}), as its member ${userName}`,
        policies: await groupPolicies(tx, group),
        principal: userPrincipal(
          accountId,
          userName,
          `arn:aws:iam::${accountId}:user/${userName}`,
          PROOF_USER_ID,
        ),
        tagsKnown: false,
      };
    });
  } finally {
    await store.close();
  }
}

/**
 * Reads the subject: exactly one of a user, a group or policy files. Throws SubjectError when it
 * cannot be read.
 */
export async function readSubject(options: SubjectOptions): Promise<Subject> {
  const given = [options.user, options.group, options.policy].filter((o) => o !== undefined).length;
  if (given !== 1) throw new SubjectError('Give exactly one of --user, --group or --policy.');
  if (options.boundary !== undefined && options.policy === undefined)
    throw new SubjectError('--boundary goes with --policy (a stored user has its own boundary).');
  return options.policy ? fromFiles(options, options.policy) : fromStore(options);
}
