import { randomBytes } from 'node:crypto';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { signer } from '../../../test/support/signer.js';
import type { HttpRequest as SignedRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_MISMATCH_MESSAGE } from './errors.js';
import type { SigV4Request } from './request.js';
import { verifySignature } from './verify.js';

function randomCredentials(withToken = false) {
  return {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    ...(withToken ? { sessionToken: randomBytes(48).toString('base64') } : {}),
  };
}

/** What the server would see of a request the SDK sends: Node's http handler writes path?query. */
function wire(request: SignedRequest): SigV4Request {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const body = request.body as string | Uint8Array | undefined;
  return {
    method: request.method,
    path: request.path,
    query: buildQueryString(request.query ?? {}),
    headers,
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(body),
  };
}

function outcome(result: ReturnType<typeof verifySignature>) {
  return result.ok ? 'accepted' : { code: result.error.code, message: result.error.message };
}

const SIGNED_AT = new Date('2024-05-24T10:20:30Z');

function iamPost(body = 'Action=ListUsers&Version=2010-05-08'): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'iam.amazonaws.com',
    path: '/',
    headers: {
      host: 'iam.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  });
}

describe('requests signed by @smithy/signature-v4', () => {
  it('verifies an IAM query request, returning the credential', async () => {
    const credentials = randomCredentials();
    const signed = await signer(credentials, 'iam', 'us-east-1').sign(iamPost(), { signingDate: SIGNED_AT });
    const result = verifySignature(wire(signed), credentials.secretAccessKey, SIGNED_AT, { service: 'iam' });
    expect(result.ok && result.value.credential).toEqual({
      accessKeyId: credentials.accessKeyId,
      date: '20240524',
      region: 'us-east-1',
      service: 'iam',
      terminator: 'aws4_request',
    });
    expect(result.ok && result.value.sessionToken).toBeUndefined();
  });

  it('returns the session token of temporary credentials', async () => {
    const credentials = randomCredentials(true);
    const signed = await signer(credentials, 'sts', 'eu-central-1').sign(iamPost(), {
      signingDate: SIGNED_AT,
    });
    const result = verifySignature(wire(signed), credentials.secretAccessKey, SIGNED_AT, { service: 'sts' });
    expect(result.ok && result.value.sessionToken).toBe(credentials.sessionToken);
    expect(result.ok && result.value.credential.region).toBe('eu-central-1');
  });

  it('verifies awkward paths, query strings and header values', async () => {
    const credentials = randomCredentials();
    const request = new HttpRequest({
      method: 'GET',
      protocol: 'https:',
      hostname: 'localhost',
      port: 4566,
      // As the SDK's serializers write a path: already percent-encoded once.
      path: '/a%20b/%E1%88%B4/c+d/',
      query: { Action: 'DescribeInstances', 'Filter.1.Value': ['b c', 'a/ü', '*'], empty: '', 'x~y': "!'()" },
      headers: { host: 'localhost:4566', 'x-custom': '  spaced    out\tvalue  ' },
    });
    const signed = await signer(credentials, 'ec2', 'ap-south-1').sign(request, { signingDate: SIGNED_AT });
    expect(
      outcome(verifySignature(wire(signed), credentials.secretAccessKey, SIGNED_AT, { service: 'ec2' })),
    ).toBe('accepted');
  });

  it('refuses the request once tampered with, or under another secret', async () => {
    const credentials = randomCredentials();
    const signed = wire(
      await signer(credentials, 'iam', 'us-east-1').sign(iamPost(), { signingDate: SIGNED_AT }),
    );
    const refused = { code: 'SignatureDoesNotMatch', message: SIGNATURE_MISMATCH_MESSAGE };
    const tampered = { ...signed, body: Buffer.from('Action=ListUsers&Version=2010-05-09') };
    expect(outcome(verifySignature(tampered, credentials.secretAccessKey, SIGNED_AT))).toEqual(refused);
    expect(outcome(verifySignature(signed, randomCredentials().secretAccessKey, SIGNED_AT))).toEqual(refused);
  });

  it('refuses a request signed 16 minutes ago', async () => {
    const credentials = randomCredentials();
    const signed = await signer(credentials, 'iam', 'us-east-1').sign(iamPost(), { signingDate: SIGNED_AT });
    const later = new Date(SIGNED_AT.getTime() + 16 * 60_000);
    expect(outcome(verifySignature(wire(signed), credentials.secretAccessKey, later))).toEqual({
      code: 'SignatureDoesNotMatch',
      message:
        'Signature expired: 20240524T102030Z is now earlier than 20240524T102130Z (20240524T103630Z - 15 min.)',
    });
  });
});

describe('URLs presigned by @smithy/signature-v4', () => {
  async function presigned(expiresIn: number) {
    const credentials = randomCredentials(true);
    const request = new HttpRequest({
      method: 'GET',
      protocol: 'https:',
      hostname: 'sts.amazonaws.com',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: 'sts.amazonaws.com', 'x-k8s-aws-id': 'my-cluster' },
    });
    const url = await signer(credentials, 'sts', 'us-east-1').presign(request, {
      signingDate: SIGNED_AT,
      expiresIn,
    });
    return { credentials, request: wire(url) };
  }

  it('verifies the presigned form, with its session token and lifetime', async () => {
    const { credentials, request } = await presigned(60);
    expect(request.headers.authorization).toBeUndefined();
    const result = verifySignature(request, credentials.secretAccessKey, SIGNED_AT, { service: 'sts' });
    expect(result.ok && result.value).toMatchObject({
      form: 'query',
      signedHeaders: ['host', 'x-k8s-aws-id'],
      expiresSeconds: 60,
      sessionToken: credentials.sessionToken,
    });
  });

  it('honours a lifetime shorter than the allowed skew', async () => {
    const { credentials, request } = await presigned(60);
    const after = (seconds: number) => new Date(SIGNED_AT.getTime() + seconds * 1000);
    expect(outcome(verifySignature(request, credentials.secretAccessKey, after(60)))).toBe('accepted');
    expect(outcome(verifySignature(request, credentials.secretAccessKey, after(61)))).toEqual({
      code: 'SignatureDoesNotMatch',
      message:
        'Signature expired: 20240524T102030Z is now earlier than 20240524T102031Z (20240524T102131Z - 1 min.)',
    });
  });

  it('refuses the URL once a parameter or a signed header changes', async () => {
    const { credentials, request } = await presigned(900);
    const refused = { code: 'SignatureDoesNotMatch', message: SIGNATURE_MISMATCH_MESSAGE };
    const query = { ...request, query: request.query.replace('GetCallerIdentity', 'GetSessionToken') };
    expect(outcome(verifySignature(query, credentials.secretAccessKey, SIGNED_AT))).toEqual(refused);
    const header = { ...request, headers: { ...request.headers, 'x-k8s-aws-id': 'other-cluster' } };
    expect(outcome(verifySignature(header, credentials.secretAccessKey, SIGNED_AT))).toEqual(refused);
  });
});

describe('requests sent by the AWS SDK clients', () => {
  // Stands in for the network: keeps the request as it would go on the wire, answers nothing.
  class Capture {
    request: HttpRequest | undefined;
    async handle(request: HttpRequest): Promise<never> {
      this.request = request;
      throw new Error('captured');
    }
    updateHttpClientConfig(): void {}
    httpHandlerConfigs(): Record<string, never> {
      return {};
    }
  }

  it('verifies IAM ListUsers as @aws-sdk/client-iam signs it', async () => {
    const credentials = randomCredentials();
    const capture = new Capture();
    const client = new IAMClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8080',
      credentials,
      maxAttempts: 1,
      requestHandler: capture,
    });
    await expect(client.send(new ListUsersCommand({ PathPrefix: '/a b/' }))).rejects.toThrow('captured');
    const request = wire(capture.request as HttpRequest);
    const result = verifySignature(request, credentials.secretAccessKey, new Date(), { service: 'iam' });
    expect(outcome(result)).toBe('accepted');
    expect(result.ok && result.value.credential.accessKeyId).toBe(credentials.accessKeyId);
  });

  it('verifies STS GetCallerIdentity under temporary credentials as @aws-sdk/client-sts signs it', async () => {
    const credentials = randomCredentials(true);
    const capture = new Capture();
    const client = new STSClient({
      region: 'eu-west-3',
      endpoint: 'http://localhost:8080',
      credentials,
      maxAttempts: 1,
      requestHandler: capture,
    });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow('captured');
    const result = verifySignature(
      wire(capture.request as HttpRequest),
      credentials.secretAccessKey,
      new Date(),
      {
        service: 'sts',
      },
    );
    expect(result.ok && result.value).toMatchObject({
      credential: { accessKeyId: credentials.accessKeyId, region: 'eu-west-3', service: 'sts' },
      sessionToken: credentials.sessionToken,
    });
  });
});
