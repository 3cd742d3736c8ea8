import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { serve, type RunningServer } from '../../src/server/serve.js';
import { DEFAULTS } from '../../src/server/config.js';

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
 * (signed with the administrator's key unless other credentials are given).
 */
export async function startTestServer(
  options: { dataDir?: string; admin?: Credentials } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'iamfa-test-')));
  const admin = options.admin ?? randomAdminKey();
  const server = await serve({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    accountId: DEFAULTS.accountId,
    accountAlias: undefined,
    adminAccessKeyId: admin.accessKeyId,
    adminSecretAccessKey: admin.secretAccessKey,
    encryptionKey: undefined,
    tls: undefined,
  });
  const client = { endpoint: server.url, region: 'us-east-1', maxAttempts: 1 };
  return {
    server,
    url: server.url,
    dataDir,
    accountId: DEFAULTS.accountId,
    admin,
    iam: (credentials = admin) => new IAMClient({ ...client, credentials }),
    sts: (credentials = admin) => new STSClient({ ...client, credentials }),
    close: async () => {
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
