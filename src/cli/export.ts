import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import {
  authorizationEntities,
  detailLists,
  entityDetail,
  type EntityDetail,
} from '../iam/authorization-details.js';
import { authorizationFile } from './authorization-file.js';
import { openDataStore, withStoreOptions, type StoreOptions } from './data-store.js';
import { storeAccount } from './store-account.js';
import { terminalProgress } from './terminal-progress.js';

/**
 * `iamfa export`: the server's users, groups, roles and managed policies in the JSON that
 * `aws iam get-account-authorization-details` prints (and `iamfa import` reads).
 */

const HELP = `
The output is exactly what \`aws iam get-account-authorization-details\` prints for this server:
policy documents as JSON, times as 2024-05-01T12:00:00+00:00, AWS managed policies only where the
account uses them (attached, or a permissions boundary), described from iamfa's catalog.

It is always JSON: --json changes nothing and is accepted for symmetry with the other commands.`;

interface ExportOptions extends StoreOptions {
  readonly account?: string;
  readonly output?: string;
  readonly json?: boolean;
}

/** `iamfa export`. */
export function exportCommand(): Command {
  return withStoreOptions(new Command('export'))
    .description("Write the server's IAM as the JSON `aws iam get-account-authorization-details` prints.")
    .option('--account <id>', 'the account to export (default: the only one)')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--json', 'JSON output (the only format)')
    .addHelpText('after', HELP)
    .action(async (options: ExportOptions) => {
      const store = await openDataStore(options);
      try {
        const accountId = await storeAccount(store, options.account);
        const progress = terminalProgress('iamfa export', 'entities');
        const details = await store
          .transaction(async (tx) => {
            const refs = await authorizationEntities(tx, accountId);
            const out: EntityDetail[] = [];
            for (const ref of refs) {
              out.push(await entityDetail(tx, accountId, ref));
              progress.update(out.length, refs.length);
            }
            return out;
          })
          .finally(() => progress.done());
        const text = `${JSON.stringify(authorizationFile(detailLists(details)), null, 4)}\n`;
        if (options.output === undefined) process.stdout.write(text);
        else await writeFile(options.output, text);
      } finally {
        await store.close();
      }
    });
}
