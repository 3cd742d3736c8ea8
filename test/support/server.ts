import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Kysely } from 'kysely';
import { serve, type RunningServer } from '../../src/server/serve.js';
import { DEFAULTS } from '../../src/server/config.js';
import type { Database } from '../../src/store/database.js';
import { openStore } from '../../src/store/open.js';
import { createTestDatabase, testBackend } from './database.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly dataDir: string;
  readonly accountId: string;
  readonly admin: Credentials;
  /** The PostgreSQL database it runs on, or undefined on SQLite (the data directory's file). */
  readonly databaseUrl: string | undefined;
  /** The encryption key it was given (base64), or undefined: the key file in its data directory. */
  readonly encryptionKey: string | undefined;
  /** Runs `work` on a connection of its own to the server's database, beside the running server. */
  withDatabase<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  iam(credentials?: Credentials): IAMClient;
  sts(credentials?: Credentials): STSClient;
  close(): Promise<void>;
}

/** A random administrator key, as CI passes one through the environment. */
export function randomAdminKey(): Credentials {
  return {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

/**
 * The real server on a free loopback port with a fresh data directory, and SDK clients for it
 * (signed with the administrator's key unless other credentials are given). Under
 * `IAMFA_TEST_DATABASE=postgres` it runs on a fresh PostgreSQL database, dropped on close; a
 * `databaseUrl` given is used as it is (and kept), as several nodes share one.
 */
export async function startTestServer(
  options: {
    dataDir?: string;
    admin?: Credentials;
    databaseUrl?: string;
    encryptionKey?: string;
    trustProxy?: readonly string[];
    smsWebhook?: { readonly url: string; readonly secret?: string };
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'iamfa-test-')));
  const admin = options.admin ?? randomAdminKey();
  const database =
    options.databaseUrl === undefined && testBackend() === 'postgres'
      ? await createTestDatabase()
      : undefined;
  const databaseUrl = options.databaseUrl ?? database?.url;
  let server: RunningServer;
  try {
    server = await serve({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      databaseUrl,
      accountId: DEFAULTS.accountId,
      accountAlias: undefined,
      adminAccessKeyId: admin.accessKeyId,
      adminSecretAccessKey: admin.secretAccessKey,
      encryptionKey: options.encryptionKey,
      tls: undefined,
      trustProxy: options.trustProxy,
      smsWebhook: options.smsWebhook,
    });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const client = { endpoint: server.url, region: 'us-east-1', maxAttempts: 1 };
  return {
    server,
    url: server.url,
    dataDir,
    accountId: DEFAULTS.accountId,
    admin,
    databaseUrl,
    encryptionKey: options.encryptionKey,
    withDatabase: async (work) => {
      const store = await openStore(
        { databaseUrl, sqliteFile: () => Promise.resolve(join(dataDir, 'iamfa.db')) },
        { poolSize: 2 },
      );
      try {
        return await work(store.db);
      } finally {
        await store.close();
      }
    },
    iam: (credentials = admin) => new IAMClient({ ...client, credentials }),
    sts: (credentials = admin) => new STSClient({ ...client, credentials }),
    close: async () => {
      await server.close();
      await database?.drop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
