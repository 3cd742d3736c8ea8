import { Command, Option } from 'commander';
import { createRootAccessKey } from '../iam/root.js';
import { DEFAULTS } from '../server/config.js';
import { openDataStore, openSecretBox, withStoreOptions, type StoreOptions } from './data-store.js';

interface RootKeyOptions extends StoreOptions {
  readonly accountId: string;
  readonly json?: boolean;
}

/**
 * `iamfa root-access-key`: creates an access key for the account root, as the AWS console's
 * "Create access key" on the root user does. AWS advises against root keys; no policy limits them.
 */
export function rootAccessKeyCommand(): Command {
  return withStoreOptions(new Command('root-access-key'))
    .description(
      'Create an access key for the account root (AWS advises against it: no policy limits the root).',
    )
    .addOption(
      new Option('--account-id <id>', 'the account').env('IAMFA_ACCOUNT_ID').default(DEFAULTS.accountId),
    )
    .option('--json', 'print the key as JSON')
    .action(async (options: RootKeyOptions) => {
      const store = await openDataStore(options);
      try {
        const secrets = await openSecretBox(options);
        const key = await store.transaction((tx) =>
          createRootAccessKey(tx, secrets, options.accountId, new Date()),
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify(key)}\n`
            : `Root access key of account ${options.accountId} (shown once):\n  Access key id:     ${key.AccessKeyId}\n  Secret access key: ${key.SecretAccessKey}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
