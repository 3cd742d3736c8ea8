import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { importHardwareToken } from '../iam/hardware-tokens.js';
import { DEFAULTS } from '../server/config.js';
import { openDataStore, openSecretBox, withStoreOptions, type StoreOptions } from './data-store.js';

interface ImportOptions extends StoreOptions {
  readonly accountId: string;
  readonly serial?: string;
  readonly seed?: string;
  readonly file?: string;
}

/** `SERIAL,BASE32SEED` lines, as token makers ship seed files (blank lines and `#` comments skipped). */
function seedFileLines(text: string): [serial: string, seed: string][] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [serial = '', seed = ''] = line.split(',').map((part) => part.trim());
      return [serial, seed];
    });
}

/**
 * `iamfa import-mfa-tokens`: imports hardware TOTP tokens' seeds by serial number (one with
 * `--serial`/`--seed`, or a maker's seed file with `--file`), all or none; users then enable them
 * with EnableMFADevice and the serial number, as with AWS's hardware tokens.
 */
export function importMfaTokensCommand(): Command {
  return withStoreOptions(new Command('import-mfa-tokens'))
    .description('Import hardware TOTP tokens (serial number and Base32 seed) so users can enable them.')
    .addOption(
      new Option('--account-id <id>', 'the account').env('IAMFA_ACCOUNT_ID').default(DEFAULTS.accountId),
    )
    .option('--serial <serial>', "the token's serial number, e.g. GAHT12345678")
    .option('--seed <base32>', "the token's seed, in Base32")
    .option('--file <csv>', 'a seed file: one SERIAL,BASE32SEED per line')
    .action(async (options: ImportOptions) => {
      const tokens = options.file !== undefined ? seedFileLines(await readFile(options.file, 'utf8')) : [];
      if (options.serial !== undefined || options.seed !== undefined)
        tokens.push([options.serial ?? '', options.seed ?? '']);
      if (tokens.length === 0) throw new Error('Give --serial and --seed, or --file.');
      const store = await openDataStore(options);
      try {
        const secrets = await openSecretBox(options);
        const now = new Date();
        await store.transaction(async (tx) => {
          for (const [serial, seed] of tokens)
            await importHardwareToken(tx, secrets, options.accountId, serial, seed, now);
        });
        process.stdout.write(
          `Imported ${tokens.length} hardware MFA token${tokens.length === 1 ? '' : 's'}.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
