import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/sms/webhook.js';
import { iamQuery } from '../support/query.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { outboxTexts } from '../support/texts.js';

/**
 * The SMS gateway webhook, against a real HTTP receiver on a loopback port: each code is POSTed as
 * JSON with an HMAC signature over the timestamp and body; when the gateway fails, the caller gets
 * ServiceFailure, the code is withdrawn (so asking again works at once), and nothing is kept in the
 * development outbox.
 */

const SECRET = 'webhook-shared-secret';
const registration = { UserName: 'texter', PhoneNumber: '+447700900123' };

interface Received {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

describe('SMS codes through a gateway webhook', () => {
  let gateway: Server;
  let t: TestServer;
  const received: Received[] = [];
  let answer = 202;

  beforeAll(async () => {
    gateway = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    t = await startTestServer({ smsWebhook: { url: `http://127.0.0.1:${port}/texts`, secret: SECRET } });
    await t.iam().send(new CreateUserCommand({ UserName: 'texter' }));
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => gateway.close(resolve));
  });

  it('a gateway failure is ServiceFailure, and the code is withdrawn so the user may ask again at once', async () => {
    answer = 503;
    const failed = await iamQuery(t.url, t.admin, 'RequestSmsMfaRegistration', registration);
    expect([failed.status, failed.field('Code'), failed.field('Message')]).toEqual([
      500,
      'ServiceFailure',
      'The code could not be texted: The SMS gateway answered 503.',
    ]);
    expect(received).toHaveLength(1);
    answer = 202;
    const sent = await iamQuery(t.url, t.admin, 'RequestSmsMfaRegistration', registration);
    expect(sent.status).toBe(200);
    expect(received).toHaveLength(2);
  });

  it('posts each text as signed JSON, and keeps none in the outbox', async () => {
    const last = received.at(-1);
    const message = JSON.parse(last?.body ?? '{}') as { to?: string; body?: string };
    expect(message.to).toBe('+447700900123');
    expect(message.body).toMatch(/^Your iamfa verification code is \d{6}\. It expires in 5 minutes\.$/);
    expect(last?.headers['content-type']).toBe('application/json');
    const timestamp = String(last?.headers['x-iamfa-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(last?.headers['x-iamfa-signature']).toBe(webhookSignature(SECRET, timestamp, last?.body ?? ''));
    expect(last?.headers['x-iamfa-signature']).not.toBe(
      webhookSignature('another secret', timestamp, last?.body ?? ''),
    );
    expect(await outboxTexts(t)).toEqual([]);
  });
});
