import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../../src/server/serve.js';
import { randomAdminKey } from '../support/server.js';

const certFile = new URL('../fixtures/tls/cert.pem', import.meta.url).pathname;
const keyFile = new URL('../fixtures/tls/key.pem', import.meta.url).pathname;
/** Trusts exactly the test certificate. */
const agent = new Agent({ ca: readFileSync(certFile) });

describe('serving HTTPS with --tls-cert and --tls-key', () => {
  const admin = randomAdminKey();
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-tls-'));
    server = await serve({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      accountId: '123456789012',
      accountAlias: undefined,
      adminAccessKeyId: admin.accessKeyId,
      adminSecretAccessKey: admin.secretAccessKey,
      encryptionKey: undefined,
      tls: { certFile, keyFile },
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on https and answers the SDK over TLS', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const iam = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: admin,
      requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
    });
    expect((await iam.send(new GetUserCommand({}))).User?.UserName).toBe('admin');
  });

  it('serves /health over TLS, and refuses plain HTTP on the same port', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) =>
      request(`${server.url}/health`, { agent }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(200);
    const plain = await fetch(server.url.replace('https:', 'http:') + '/health').then(
      () => 'answered',
      () => 'refused',
    );
    expect(plain).toBe('refused');
  });
});
