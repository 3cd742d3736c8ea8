import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { requestAuthenticator } from '../api/authenticate.js';
import { apiCallEvent } from '../api/audit-event.js';
import { requestAuthorizer } from '../api/authorize.js';
import { AuditLog } from '../audit/log.js';
import { ec2Service } from '../api/ec2/index.js';
import { iamService } from '../api/iam/index.js';
import { stsService } from '../api/sts/index.js';
import { transportErrorResponse } from '../api/query-service.js';
import { secretBox } from '../auth/secret-box.js';
import { outboxSender } from '../sms/outbox.js';
import { webhookSender } from '../sms/webhook.js';
import { openStore } from '../store/open.js';
import { buildApp } from './app.js';
import { bootstrap, type AdminCredentials } from './bootstrap.js';
import { sharedDispatcher } from './console-wiring.js';
import type { ServerConfig } from './config.js';
import { checkEncryptionKey } from './key-check.js';
import { databaseFile, encryptionKeys, ensureDataDir, writeCredentialsFile } from './data-dir.js';

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
    `The web console: ${url}/console/ — account ${admin.accountId}, user ${admin.userName},`,
    `  password ${admin.consolePassword} (you will choose a new one at first sign-in).`,
    '',
  ].join('\n');
}

/**
 * Starts iamfa: opens (or creates) the data directory and the store (its SQLite file, or the
 * PostgreSQL database configured), bootstraps the account on first run, and listens.
 */
export async function serve(config: ServerConfig): Promise<RunningServer> {
  await ensureDataDir(config.dataDir);
  const secrets = secretBox(await encryptionKeys(config.dataDir, config.encryptionKey));
  const store = await openStore(
    { databaseUrl: config.databaseUrl, sqliteFile: () => databaseFile(config.dataDir) },
    { onPoolError: (error) => process.stderr.write(`iamfa: database connection lost: ${error.message}\n`) },
  );
  try {
    let credentialsFile = '';
    const admin = await bootstrap(store, secrets, config, async (created) => {
      const lines =
        `aws_access_key_id = ${created.accessKeyId}\naws_secret_access_key = ${created.secretAccessKey}\n` +
        `# console: account ${created.accountId}, user ${created.userName}, password ${created.consolePassword} (to be changed at first sign-in)\n`;
      credentialsFile = await writeCredentialsFile(config.dataDir, `[iamfa]\n${lines}`);
    });
    await checkEncryptionKey(store, secrets);
    const audit = new AuditLog(store, (error) =>
      process.stderr.write(`iamfa: the audit trail could not be written: ${String(error)}\n`),
    );
    const https = config.tls && {
      cert: await readFile(config.tls.certFile),
      key: await readFile(config.tls.keyFile),
    };
    const sms = config.smsWebhook ? webhookSender(config.smsWebhook) : outboxSender(store, secrets);
    const wiring = sharedDispatcher([iamService, stsService, ec2Service]);
    const authorize = requestAuthorizer(store);
    const app = buildApp({
      https,
      trustProxy: config.trustProxy,
      handle: wiring.queryHandler({
        store,
        secrets,
        sms,
        authenticate: requestAuthenticator(store, secrets),
        authorize,
        audit: (call) => audit.record(apiCallEvent(call)),
        onError: (error, { requestId, action }) =>
          process.stderr.write(
            `iamfa: ${action} failed (request ${requestId}): ${error instanceof Error ? error.stack : String(error)}\n`,
          ),
      }),
      plugins: [
        wiring.consolePlugin({ store, secrets, sms, authorize, audit: (event) => audit.record(event) }),
      ],
      transportError: (status, code, message) =>
        transportErrorResponse(iamService.model, status, code, message),
      healthy: async () => {
        await store.db.selectFrom('accounts').select('id').limit(1).execute();
        return true;
      },
    });
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `${https ? 'https' : 'http'}://${host}:${port}`;
    const data = config.databaseUrl === undefined ? `data in ${config.dataDir}` : 'data in PostgreSQL';
    let banner = `iamfa listening on ${url} (account ${config.accountId}, ${data})\n`;
    banner += `Web console: ${url}/console/\n`;
    banner += config.smsWebhook
      ? `SMS MFA codes: texted through ${new URL(config.smsWebhook.url).origin}\n`
      : 'SMS MFA codes: kept in the development outbox (read them with `iamfa sms-outbox`)\n';
    if (admin) banner += firstRunText(url, admin, credentialsFile);
    return {
      url,
      admin,
      banner,
      close: async () => {
        await app.close();
        await audit.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
