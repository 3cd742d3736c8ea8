import type { SecretBox } from '../auth/secret-box.js';
import { replaceSealed, sealedValues } from '../store/sealed.js';
import type { Tx } from '../store/store.js';

/**
 * Re-seals every secret at rest (secret access keys, session secrets, service passwords, TOTP
 * seeds) under the box's current key; the box opens them with whichever of its keys sealed them.
 * Run in one transaction: all secrets move to the new key, or none. Returns how many moved.
 */
export async function resealSecrets(tx: Tx, secrets: SecretBox): Promise<number> {
  const values = await sealedValues(tx);
  for (const value of values)
    await replaceSealed(tx, value, secrets.seal(secrets.open(value.sealed, value.id), value.id));
  return values.length;
}
