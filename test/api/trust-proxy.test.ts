import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { awsFailure } from '../support/aws-errors.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Behind a load balancer, the client's address is in X-Forwarded-For: believed only from the
 * proxies iamfa is told to trust (`--trust-proxy`), and then what `aws:SourceIp` sees.
 */

const OFFICE = {
  Version: '2012-10-17',
  Statement: {
    Effect: 'Allow',
    Action: 'iam:GetUser',
    Resource: '*',
    Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  },
};

/** A client that says it forwards for 203.0.113.7, as a load balancer would. */
function forwardedFor(client: IAMClient): IAMClient {
  client.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-forwarded-for'] = '203.0.113.7';
      return next(args);
    },
    { step: 'build' },
  );
  return client;
}

describe('--trust-proxy', () => {
  let t: TestServer;
  afterEach(() => t.close());

  async function officeUser(server: TestServer): Promise<IAMClient> {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'office' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'office',
        PolicyName: 'office',
        PolicyDocument: JSON.stringify(OFFICE),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'office' }));
    return forwardedFor(
      server.iam({
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      }),
    );
  }

  it('believes X-Forwarded-For from a trusted proxy: aws:SourceIp is the client', async () => {
    t = await startTestServer({ trustProxy: ['127.0.0.1'] });
    const client = await officeUser(t);
    expect((await client.send(new GetUserCommand({}))).User?.UserName).toBe('office');
  });

  it('ignores X-Forwarded-For otherwise: aws:SourceIp is the connection', async () => {
    t = await startTestServer();
    const client = await officeUser(t);
    expect((await awsFailure(client.send(new GetUserCommand({})))).code).toBe('AccessDenied');
  });
});
