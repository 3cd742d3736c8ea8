import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { secretBox } from '../auth/secret-box.js';
import { resealSecrets } from '../iam/key-rotation.js';
import { encryptionKeys, writeKeyFile } from '../server/data-dir.js';
import { openDataStore, withStoreOptions, type StoreOptions } from './data-store.js';

const HELP = `
With the data directory's key file (one node): a new key is generated and written first beside the
old one (both open secrets, so a crash at any point leaves a working server), every secret is
re-sealed under it in one transaction, then the old key is dropped. Stop the server first, or
restart it after: a running server keeps the keys it started with.

With IAMFA_ENCRYPTION_KEY (several nodes): first give every node the new key as
IAMFA_ENCRYPTION_KEY and the old one in IAMFA_PREVIOUS_ENCRYPTION_KEYS and restart them; then run
this command with the same environment to re-seal every secret under the new key; then remove
IAMFA_PREVIOUS_ENCRYPTION_KEYS from the nodes.`;

/** `iamfa rotate-encryption-key`: moves every secret at rest to a new key. */
export function rotateEncryptionKeyCommand(): Command {
  return withStoreOptions(new Command('rotate-encryption-key'))
    .description('Re-seal every secret at rest (secret keys, session secrets, TOTP seeds) under a new key.')
    .addHelpText('after', HELP)
    .action(async (options: StoreOptions) => {
      const store = await openDataStore(options);
      try {
        const configured = process.env.IAMFA_ENCRYPTION_KEY;
        const keys = await encryptionKeys(options.dataDir, configured);
        if (configured === undefined) {
          const fresh = randomBytes(32);
          await writeKeyFile(options.dataDir, [fresh, ...keys]);
          keys.unshift(fresh);
        }
        const moved = await store.transaction((tx) => resealSecrets(tx, secretBox(keys)));
        if (configured === undefined) await writeKeyFile(options.dataDir, keys.slice(0, 1));
        process.stdout.write(
          `Re-sealed ${moved} secret${moved === 1 ? '' : 's'} under the ${configured === undefined ? 'new key (the key file now holds only it)' : 'key in IAMFA_ENCRYPTION_KEY; remove IAMFA_PREVIOUS_ENCRYPTION_KEYS from the nodes'}.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
