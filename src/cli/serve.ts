import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS, type ServerConfig } from '../server/config.js';
import { serve } from '../server/serve.js';
import { isPostgresUrl } from '../store/open.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('Not a port number.');
  return n;
}

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('An account id is 12 digits.');
  return value;
}

function databaseUrl(value: string): string {
  if (!isPostgresUrl(value)) throw new InvalidArgumentError('A database URL starts with postgres://.');
  return value;
}

function webhookUrl(value: string): string {
  if (!/^https?:\/\/\S+$/.test(value))
    throw new InvalidArgumentError('A webhook URL starts with http:// or https://.');
  return value;
}

/** `iamfa serve`: runs the server until SIGTERM or SIGINT. */
export function serveCommand(): Command {
  const command = new Command('serve');
  return command
    .description(
      'Run the server (embedded SQLite in the data directory, created on first run; or PostgreSQL, shared by several nodes).',
    )
    .addOption(new Option('--host <host>', 'address to listen on').env('IAMFA_HOST').default(DEFAULTS.host))
    .addOption(
      new Option('--port <port>', 'port to listen on (0: any free port)')
        .env('IAMFA_PORT')
        .argParser(port)
        .default(DEFAULTS.port),
    )
    .addOption(
      new Option('--data-dir <dir>', 'where the database and keys live')
        .env('IAMFA_DATA_DIR')
        .default(DEFAULTS.dataDir),
    )
    .addOption(
      new Option(
        '--database-url <url>',
        'a PostgreSQL database (postgres://user:password@host:port/db) instead of SQLite in the data directory',
      )
        .env('IAMFA_DATABASE_URL')
        .argParser(databaseUrl),
    )
    .addOption(
      new Option('--account-id <id>', 'the account created on first run')
        .env('IAMFA_ACCOUNT_ID')
        .argParser(accountId)
        .default(DEFAULTS.accountId),
    )
    .addOption(
      new Option('--account-alias <alias>', 'its alias, created on first run').env('IAMFA_ACCOUNT_ALIAS'),
    )
    .addOption(
      new Option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)').env('IAMFA_TLS_CERT'),
    )
    .addOption(new Option('--tls-key <file>', 'and this private key (PEM)').env('IAMFA_TLS_KEY'))
    .addOption(
      new Option(
        '--trust-proxy <addresses>',
        'load balancers (comma-separated addresses or CIDRs) whose X-Forwarded-For names the client',
      ).env('IAMFA_TRUST_PROXY'),
    )
    .addOption(
      new Option(
        '--sms-webhook-url <url>',
        'text SMS MFA codes by POSTing them to this gateway webhook (IAMFA_SMS_WEBHOOK_SECRET signs them) instead of the development outbox',
      )
        .env('IAMFA_SMS_WEBHOOK_URL')
        .argParser(webhookUrl),
    )
    .action(async (options: Record<string, string | number | undefined>) => {
      const { tlsCert, tlsKey } = options;
      if ((tlsCert === undefined) !== (tlsKey === undefined))
        command.error('--tls-cert and --tls-key go together.');
      const config: ServerConfig = {
        host: String(options.host),
        port: Number(options.port),
        dataDir: String(options.dataDir),
        databaseUrl: options.databaseUrl === undefined ? undefined : String(options.databaseUrl),
        accountId: String(options.accountId),
        accountAlias: options.accountAlias === undefined ? undefined : String(options.accountAlias),
        adminAccessKeyId: process.env.IAMFA_ADMIN_ACCESS_KEY_ID,
        adminSecretAccessKey: process.env.IAMFA_ADMIN_SECRET_ACCESS_KEY,
        encryptionKey: process.env.IAMFA_ENCRYPTION_KEY,
        tls: tlsCert === undefined ? undefined : { certFile: String(tlsCert), keyFile: String(tlsKey) },
        trustProxy:
          options.trustProxy === undefined
            ? undefined
            : String(options.trustProxy)
                .split(',')
                .map((address) => address.trim())
                .filter((address) => address !== ''),
        smsWebhook:
          options.smsWebhookUrl === undefined
            ? undefined
            : { url: String(options.smsWebhookUrl), secret: process.env.IAMFA_SMS_WEBHOOK_SECRET },
      };
      const server = await serve(config);
      process.stdout.write(server.banner);
      const stop = (signal: string) => {
        process.stdout.write(`\n${signal}: shutting down…\n`);
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
