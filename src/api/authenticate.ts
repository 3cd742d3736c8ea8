import { UnsealableSecretError, type SecretBox } from '../auth/secret-box.js';
import {
  checkSignature,
  expiredToken,
  invalidClientTokenId,
  parseAuthorization,
  type SigV4Error,
} from '../auth/sigv4/index.js';
import { findAccessKey, recordAccessKeyUse } from '../iam/access-keys.js';
import {
  assumedRoleArn,
  findRoleSession,
  findSession,
  sessionTokenMatches,
  type RoleSessionForSigning,
} from '../iam/sessions.js';
import { isRootArn } from '../iam/root.js';
import { tagsOf, type Tag } from '../iam/tags.js';
import type { Store } from '../store/store.js';
import { ProtocolError } from './errors.js';
import type { Caller } from './operation.js';
import type { ServiceName } from './query/index.js';
import type { WireRequest } from './wire.js';

/** Temporary access key ids (STS sessions) start so; long-term ones with `AKIA`. */
const TEMPORARY_KEY_PREFIX = 'ASIA';

/** Last-used data is kept to the minute: recording every request would make each one a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * What a lookup found, or undefined when its sealed secret does not open (tampered with, moved):
 * such a key authenticates nothing. Any other failure (the database) is no answer about the key.
 */
function unlessUnsealable<T>(lookup: Promise<T | undefined>): Promise<T | undefined> {
  return lookup.catch((error: unknown) => {
    if (error instanceof UnsealableSecretError) return undefined;
    throw error;
  });
}

function refuse(error: SigV4Error): never {
  throw new ProtocolError(error.code, error.message, error.problem);
}

/**
 * Authenticates a request by its SigV4 signature against the access key it names: the key must
 * exist and be active, the signature must match exactly what was sent, within AWS's clock window.
 * A temporary key (`ASIA…`) also needs its session token, unexpired; a long-term key must come
 * without one. Answers who is calling; records when and where a long-term key was last used.
 */
export function requestAuthenticator(
  store: Store,
  secrets: SecretBox,
): (request: WireRequest, service: ServiceName) => Promise<Caller> {
  return async (request, service) => {
    const now = new Date();
    const parsed = parseAuthorization(request, { now, service });
    if (!parsed.ok) refuse(parsed.error);
    const { credential, sessionToken } = parsed.value;

    if (credential.accessKeyId.startsWith(TEMPORARY_KEY_PREFIX)) {
      const session = await unlessUnsealable(findSession(store.db, secrets, credential.accessKeyId));
      if (!session) {
        const roleSession = await unlessUnsealable(
          findRoleSession(store.db, secrets, credential.accessKeyId),
        );
        if (!roleSession || !sessionTokenMatches(roleSession, sessionToken)) refuse(invalidClientTokenId());
        if (now.getTime() >= roleSession.expiresAt.getTime()) refuse(expiredToken());
        const checked = checkSignature(request, parsed.value, roleSession.secret);
        if (!checked.ok) refuse(checked.error);
        return roleCaller(store, roleSession, credential.region);
      }
      // A missing or wrong token reads as an unknown one, exactly as for an unknown key id.
      if (!sessionTokenMatches(session, sessionToken)) refuse(invalidClientTokenId());
      if (now.getTime() >= session.expiresAt.getTime()) refuse(expiredToken());
      const checked = checkSignature(request, parsed.value, session.secret);
      if (!checked.ok) refuse(checked.error);
      // GetSessionToken's credentials "cannot call IAM API operations unless MFA authentication
      // information is included in the request" (STS API Reference); IAM answers as for a token
      // it does not know.
      if (service === 'iam' && session.mfaAuthenticatedAt === undefined) refuse(invalidClientTokenId());
      // GetSessionToken's credentials act as the user itself: same ARN, id and policies, but their
      // request context carries aws:TokenIssueTime and aws:MultiFactorAuthPresent.
      return userCaller(store, session, credential.region, {
        issuedAt: session.issuedAt,
        mfaAuthenticatedAt: session.mfaAuthenticatedAt,
      });
    }

    // A session token names a session; with a long-term key it is a token that matches nothing.
    if (sessionToken !== undefined) refuse(invalidClientTokenId());
    const key = await unlessUnsealable(findAccessKey(store.db, secrets, credential.accessKeyId));
    if (!key || key.status !== 'Active') refuse(invalidClientTokenId());
    const checked = checkSignature(request, parsed.value, key.secret);
    if (!checked.ok) refuse(checked.error);
    if (key.lastUsedAt === null || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS)
      await store.transaction((tx) =>
        recordAccessKeyUse(tx, key.accessKeyId, service, credential.region, now),
      );
    return userCaller(store, key, credential.region, undefined);
  };
}

/**
 * The IAM user behind a key, long-term or temporary, as the request context needs it; or the
 * account root, whose `aws:userid` is the account id and who has no `aws:username` and no tags.
 */
async function userCaller(
  store: Store,
  key: {
    accountId: string;
    userArn: string;
    userName: string;
    userId: string;
    accessKeyId: string;
    /** The user's tags when they were read with the key; otherwise they are read here. */
    userTags?: readonly Tag[];
  },
  region: string,
  session: Caller['session'],
): Promise<Caller> {
  if (isRootArn(key.userArn, key.accountId))
    return {
      accountId: key.accountId,
      arn: key.userArn,
      userName: key.userName,
      userId: key.accountId,
      accessKeyId: key.accessKeyId,
      principalType: 'Account',
      tags: {},
      region,
      session,
    };
  const tags = key.userTags ?? (await tagsOf(store.db, key.userId));
  return {
    accountId: key.accountId,
    arn: key.userArn,
    userName: key.userName,
    userId: key.userId,
    accessKeyId: key.accessKeyId,
    principalType: 'User',
    tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    region,
    session,
  };
}

/**
 * A role session (AssumeRole's credentials): it acts as the role, named by its assumed-role ARN,
 * with `aws:userid` `ROLEID:SESSION`, the role's tags as principal tags, and no user name.
 */
async function roleCaller(store: Store, session: RoleSessionForSigning, region: string): Promise<Caller> {
  const tags = await tagsOf(store.db, session.roleId);
  return {
    accountId: session.accountId,
    arn: assumedRoleArn(session.accountId, session.roleName, session.sessionName),
    userId: `${session.roleId}:${session.sessionName}`,
    accessKeyId: session.accessKeyId,
    principalType: 'AssumedRole',
    tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    region,
    session: { issuedAt: session.issuedAt, mfaAuthenticatedAt: session.mfaAuthenticatedAt },
    role: {
      id: session.roleId,
      arn: session.roleArn,
      name: session.roleName,
      sessionPolicy: session.sessionPolicy,
      sessionPolicyArns: session.sessionPolicyArns,
    },
  };
}
