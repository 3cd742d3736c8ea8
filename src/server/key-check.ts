import type { SecretBox } from '../auth/secret-box.js';
import type { Store } from '../store/store.js';

/** Why a node refuses to start with a key that is not the database's. */
export const WRONG_KEY_MESSAGE =
  "This node's encryption key does not open the secrets in the database: every node of one " +
  'database needs the same IAMFA_ENCRYPTION_KEY.';

/**
 * Checks, with the oldest access key in the database, that this node's key opens what was sealed
 * before. Several nodes share one database but each has its own configuration: one started
 * without IAMFA_ENCRYPTION_KEY would make a key file of its own and then refuse every signature
 * (and MFA code) quietly; it had better not start. An empty database passes.
 */
export async function checkEncryptionKey(store: Store, secrets: SecretBox): Promise<void> {
  const key = await store.db
    .selectFrom('access_keys')
    .select(['id', 'secret'])
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!key) return;
  try {
    secrets.open(key.secret, key.id);
  } catch {
    throw new Error(WRONG_KEY_MESSAGE);
  }
}
