/** What `iamfa serve` runs with: flags first, then environment, then defaults. */
export interface ServerConfig {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly dataDir: string;
  /**
   * A `postgres://` URL: the store is that PostgreSQL database, which several nodes may share.
   * Unset: the embedded SQLite database in the data directory (one node).
   */
  readonly databaseUrl?: string | undefined;
  /** The 12-digit id of the account created on first run. */
  readonly accountId: string;
  readonly accountAlias: string | undefined;
  /** For CI: the bootstrap administrator's access key, instead of a generated one. */
  readonly adminAccessKeyId: string | undefined;
  readonly adminSecretAccessKey: string | undefined;
  /** A 32-byte key (base64) for secrets at rest; otherwise a key file in the data directory. */
  readonly encryptionKey: string | undefined;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  /**
   * The load balancers or proxies in front (addresses or CIDRs) whose X-Forwarded-For is believed:
   * the client's address is then the request's `aws:SourceIp`, its audit address and what failure
   * limits count by. Without it, every client behind a proxy is the proxy's address.
   */
  readonly trustProxy?: readonly string[] | undefined;
  /**
   * A webhook that texts SMS MFA codes through a real gateway (its shared secret signs each
   * request). Unset: codes go to the development outbox, which `iamfa sms-outbox` reads.
   */
  readonly smsWebhook?: { readonly url: string; readonly secret?: string | undefined } | undefined;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4566,
  dataDir: '.iamfa',
  accountId: '123456789012',
} as const;
