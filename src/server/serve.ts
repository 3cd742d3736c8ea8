import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { requestAuthenticator } from '../api/authenticate.js';
import { requestAuthorizer } from '../api/authorize.js';
import { iamService } from '../api/iam/index.js';
import { stsService } from '../api/sts/index.js';
import { queryHandler } from '../api/query-service.js';
import { secretBox } from '../auth/secret-box.js';
import { openSqliteStore } from '../store/sqlite.js';
import { buildApp } from './app.js';
import { bootstrap, type AdminCredentials } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { databaseFile, encryptionKey, ensureDataDir, writeCredentialsFile } from './data-dir.js';

export interface RunningServer {
  /** Where clients reach it, e.g. `http://127.0.0.1:4566`. */
  readonly url: string;
  /** The administrator's credentials, on the first run only. */
  readonly admin: AdminCredentials | undefined;
  /** What to print on start: the address, and on first run the credentials and a CLI profile. */
  readonly banner: string;
  close(): Promise<void>;
}

function firstRunText(url: string, admin: AdminCredentials, file: string): string {
  return [
    '',
    `First run: created account ${admin.accountId} and its administrator "${admin.userName}".`,
    'These credentials are shown once; they are also in',
    `  ${file} (readable only by you).`,
    '',
    `  Access key id:     ${admin.accessKeyId}`,
    `  Secret access key: ${admin.secretAccessKey}`,
    '',
    'A ready-to-paste AWS CLI profile. In ~/.aws/credentials:',
    '',
    '  [iamfa]',
    `  aws_access_key_id = ${admin.accessKeyId}`,
    `  aws_secret_access_key = ${admin.secretAccessKey}`,
    '',
    'and in ~/.aws/config:',
    '',
    '  [profile iamfa]',
    '  region = us-east-1',
    `  endpoint_url = ${url}`,
    '',
    `Try: aws --profile iamfa iam get-user   (or: aws --endpoint-url ${url} iam get-user)`,
    '',
  ].join('\n');
}

/**
 * Starts iamfa: opens (or creates) the data directory and its SQLite store, bootstraps the account
 * on first run, and listens.
 */
export async function serve(config: ServerConfig): Promise<RunningServer> {
  await ensureDataDir(config.dataDir);
  const secrets = secretBox(await encryptionKey(config.dataDir, config.encryptionKey));
  const store = await openSqliteStore(await databaseFile(config.dataDir));
  try {
    let credentialsFile = '';
    const admin = await bootstrap(store, secrets, config, async (created) => {
      const lines = `aws_access_key_id = ${created.accessKeyId}\naws_secret_access_key = ${created.secretAccessKey}\n`;
      credentialsFile = await writeCredentialsFile(config.dataDir, `[iamfa]\n${lines}`);
    });
    const https = config.tls && {
      cert: await readFile(config.tls.certFile),
      key: await readFile(config.tls.keyFile),
    };
    const app = buildApp({
      https,
      handle: queryHandler([iamService, stsService], {
        store,
        secrets,
        authenticate: requestAuthenticator(store, secrets),
        authorize: requestAuthorizer(store),
        onError: (error, { requestId, action }) =>
          process.stderr.write(
            `iamfa: ${action} failed (request ${requestId}): ${error instanceof Error ? error.stack : String(error)}\n`,
          ),
      }),
      healthy: async () => {
        await store.db.selectFrom('accounts').select('id').limit(1).execute();
        return true;
      },
    });
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `${https ? 'https' : 'http'}://${host}:${port}`;
    let banner = `iamfa listening on ${url} (account ${config.accountId}, data in ${config.dataDir})\n`;
    if (admin) banner += firstRunText(url, admin, credentialsFile);
    return {
      url,
      admin,
      banner,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
