import type { SecretBox } from '../auth/secret-box.js';
import {
  checkSignature,
  invalidClientTokenId,
  parseAuthorization,
  type SigV4Error,
} from '../auth/sigv4/index.js';
import { findAccessKey, recordAccessKeyUse } from '../iam/access-keys.js';
import { tagsOf } from '../iam/tags.js';
import type { Store } from '../store/store.js';
import { ProtocolError } from './errors.js';
import type { Caller } from './operation.js';
import type { ServiceName } from './query/index.js';
import type { WireRequest } from './wire.js';

/** Last-used data is kept to the minute: recording every request would make each one a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

function refuse(error: SigV4Error): never {
  throw new ProtocolError(error.code, error.message);
}

/**
 * Authenticates a request by its SigV4 signature against the access key it names: the key must
 * exist and be active, the signature must match exactly what was sent, within AWS's clock window.
 * Answers who is calling; records when and where the key was last used.
 */
export function requestAuthenticator(
  store: Store,
  secrets: SecretBox,
): (request: WireRequest, service: ServiceName) => Promise<Caller> {
  return async (request, service) => {
    const now = new Date();
    const parsed = parseAuthorization(request, { now, service });
    if (!parsed.ok) refuse(parsed.error);
    const { credential } = parsed.value;
    // A sealed secret that does not open (tampered with, moved) authenticates nothing.
    const key = await findAccessKey(store.db, secrets, credential.accessKeyId).catch(() => undefined);
    if (!key || key.status !== 'Active') refuse(invalidClientTokenId());
    const checked = checkSignature(request, parsed.value, key.secret);
    if (!checked.ok) refuse(checked.error);
    if (key.lastUsedAt === null || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS)
      await store.transaction((tx) =>
        recordAccessKeyUse(tx, key.accessKeyId, service, credential.region, now),
      );
    const tags = await tagsOf(store.db, key.userId);
    return {
      accountId: key.accountId,
      arn: key.userArn,
      userName: key.userName,
      userId: key.userId,
      accessKeyId: key.accessKeyId,
      principalType: 'User',
      tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
      region: credential.region,
    };
  };
}
