import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ImportError, importAccount, type ImportCounts } from '../iam/authorization-import.js';
import { rewriteAccount, sourceAccount } from './account-rewrite.js';
import { ownArns, readAuthorizationFile } from './authorization-file.js';
import { openDataStore, withStoreOptions, type StoreOptions } from './data-store.js';
import { storeAccount } from './store-account.js';
import { terminalProgress } from './terminal-progress.js';

/**
 * `iamfa import FILE`: a real account's IAM, as `aws iam get-account-authorization-details` prints
 * it, loaded into the server's data, so that its MFA enforcement can be tested offline.
 */

const HELP = `
What is imported: users (path, tags, permissions boundary, group memberships), groups, roles (trust
policy, path, tags, boundary), customer managed policies with all their versions (ids, documents
and dates kept, the default stays the default), inline policies and managed policy attachments.
AWS managed policies are referenced, not created: iamfa has its own catalog of them.

The file's account id is replaced by this server's everywhere it stands alone in the file: in ARNs
and in policy documents (a policy naming arn:aws:iam::111122223333:user/\${aws:username} names the
user in its new account). Other accounts' ids are kept. Entities get new ids (AIDA…, AGPA…);
creation dates are kept.

Left out: service-linked roles (path /aws-service-role/: AWS creates those), instance profiles,
role descriptions and session durations (not in the file), and every credential (the file holds
none): give imported users passwords, keys and MFA devices through the API.

Everything is imported in one transaction: on any error (a name already taken, a policy document
IAM would refuse, a quota) nothing is written, and the error names the entity.

Exit status: 0 imported, 2 nothing imported (error).`;

interface ImportOptions extends StoreOptions {
  readonly account?: string;
  readonly json?: boolean;
}

function summary(
  counts: ImportCounts,
  target: string,
  source: string | undefined,
  skipped: readonly string[],
): string {
  const from = source === undefined || source === target ? '' : ` (from account ${source})`;
  const lines = [
    `Imported into account ${target}${from}:`,
    `  ${counts.policies} customer managed policies (${counts.policyVersions} versions)`,
    `  ${counts.groups} groups, ${counts.users} users, ${counts.roles} roles`,
    `  ${counts.inlinePolicies} inline policies, ${counts.attachments} managed policy attachments, ${counts.memberships} group memberships`,
  ];
  if (skipped.length > 0)
    lines.push(
      `Skipped ${skipped.length} service-linked role${skipped.length === 1 ? '' : 's'} (AWS creates them): ${skipped.join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}

/** `iamfa import FILE`. */
export function importCommand(): Command {
  return withStoreOptions(new Command('import'))
    .description(
      "Load a real account's IAM (the JSON `aws iam get-account-authorization-details` prints) into the server's data.",
    )
    .argument('<file>', 'the JSON file')
    .option('--account <id>', 'the account to import into (default: the only one)')
    .option('--json', 'print what was imported as JSON')
    .addHelpText('after', HELP)
    .action(async (file: string, options: ImportOptions) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
      } catch (e) {
        throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      const store = await openDataStore(options);
      try {
        const target = await storeAccount(store, options.account);
        const source = sourceAccount(ownArns(parsed));
        const { account, skippedRoles } = readAuthorizationFile(
          source === undefined ? parsed : rewriteAccount(parsed, source, target),
        );
        const progress = terminalProgress('iamfa import', 'entities');
        const counts = await store
          .transaction((tx) =>
            importAccount(
              tx,
              { accountId: target, arn: `arn:aws:iam::${target}:root` },
              account,
              (done, total) => progress.update(done, total),
            ),
          )
          .catch((e: unknown) => {
            if (e instanceof ImportError) throw new Error(`nothing was imported: ${e.message}`, { cause: e });
            throw e;
          })
          .finally(() => progress.done());
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ account: target, sourceAccount: source ?? null, imported: counts, skippedRoles }, null, 2)}\n`
            : summary(counts, target, source, skippedRoles),
        );
      } finally {
        await store.close();
      }
    });
}
