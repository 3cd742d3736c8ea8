import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMServiceException,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { signer } from '../support/signer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomAdminKey, startTestServer, type Credentials, type TestServer } from '../support/server.js';
import { MAX_PARAMETERS } from '../../src/api/query-service.js';

interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

interface SendOptions {
  readonly method?: 'GET' | 'POST';
  /** Sign with these credentials; unsigned without. */
  readonly credentials?: Credentials;
  readonly signingDate?: Date;
  /** Changes the parameters after signing, as a proxy that rewrites requests would. */
  readonly tamper?: (params: Record<string, string>) => Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** An IAM error response exactly as AWS writes it. */
function errorXml(code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${IAM_XMLNS}">\n` +
    `  <Error>\n` +
    `    <Type>Sender</Type>\n` +
    `    <Code>${code}</Code>\n` +
    `    <Message>${message}</Message>\n` +
    `  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}

/** The text of the first `<name>` element of an XML body. */
function xmlText(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}

/** `20240524T102030Z` */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Runs a call that must fail and returns what the SDK surfaced. */
async function failure(
  call: Promise<unknown>,
): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (e) {
    if (!(e instanceof IAMServiceException)) throw e;
    const code = (e as { Error?: { Code?: string } }).Error?.Code ?? e.name;
    return { code, status: e.$metadata.httpStatusCode, message: e.message };
  }
  throw new Error('The call succeeded.');
}

describe('the AWS query protocol on the wire', () => {
  let t: TestServer;
  let startedAt: Date;
  /** Sends IAM parameters with fetch: a form POST or a GET query, signed with SigV4 or not. */
  let send: (params: Record<string, string>, options?: SendOptions) => Promise<RawResponse>;

  beforeAll(async () => {
    startedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    t = await startTestServer();
    const url = new URL(t.url);
    send = async (params, { method = 'POST', credentials, signingDate, tamper } = {}) => {
      const form = buildQueryString(params);
      let request = new HttpRequest({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers:
          method === 'POST'
            ? { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
            : { host: url.host },
        ...(method === 'POST' ? { body: form } : { query: params }),
      });
      if (credentials) {
        request = (await signer(credentials, 'iam').sign(
          request,
          signingDate ? { signingDate } : {},
        )) as HttpRequest;
      }
      const sent = tamper ? buildQueryString(tamper(params)) : form;
      // fetch writes Host itself, from the URL: the same value as signed.
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host'));
      const response = await fetch(method === 'POST' ? `${t.url}/` : `${t.url}/?${sent}`, {
        method,
        headers,
        ...(method === 'POST' ? { body: sent } : {}),
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    };
  });
  afterAll(() => t.close());

  describe('routing, before any authentication', () => {
    it('an unknown Action: 400 InvalidAction, in the ErrorResponse shape, with AWS’s headers', async () => {
      const before = Date.now();
      const response = await send({ Action: 'Foo', Version: '2010-05-08' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/xml');
      const requestId = response.headers.get('x-amzn-RequestId') ?? '';
      expect(requestId).toMatch(UUID);
      expect(response.body).toBe(
        errorXml('InvalidAction', 'Could not find operation Foo for version 2010-05-08', requestId),
      );
      // An HTTP date, to the second, of when it answered.
      const date = response.headers.get('date') ?? '';
      expect(date).toMatch(
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
      );
      expect(Date.parse(date)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(Date.parse(date)).toBeLessThanOrEqual(Date.now());
    });

    it('each response has its own request id', async () => {
      const [a, b] = await Promise.all([
        send({ Action: 'Foo', Version: '2010-05-08' }),
        send({ Action: 'Foo', Version: '2010-05-08' }),
      ]);
      expect(a.headers.get('x-amzn-requestid')).not.toBe(b.headers.get('x-amzn-requestid'));
    });

    it('more parameters than any operation needs: 400 InvalidQueryParameter, before anything else', async () => {
      /** A ListUsers request with `count` parameters in all. */
      const withParameters = (count: number) => {
        const params: Record<string, string> = { Action: 'ListUsers', Version: '2010-05-08' };
        for (let i = 2; i < count; i++) params[`P${i}`] = String(i);
        return params;
      };
      const { status, body } = await send(withParameters(MAX_PARAMETERS + 1), { credentials: t.admin });
      expect(status).toBe(400);
      expect(xmlText(body, 'Code')).toBe('InvalidQueryParameter');
      expect(xmlText(body, 'Message')).toBe(`The request has more than ${MAX_PARAMETERS} parameters.`);
      // SigV4 adds none to a POST's body: exactly the limit is answered.
      expect((await send(withParameters(MAX_PARAMETERS), { credentials: t.admin })).status).toBe(200);
    });

    it('no Action: 400 MissingAction', async () => {
      const response = await send({ Version: '2010-05-08', UserName: 'admin' });
      expect(response.status).toBe(400);
      expect(response.body).toBe(
        errorXml('MissingAction', 'Missing Action', response.headers.get('x-amzn-requestid') ?? ''),
      );
    });

    it('another Version, or none: 400 InvalidAction naming it', async () => {
      const other = await send({ Action: 'ListUsers', Version: '2011-01-01' }, { credentials: t.admin });
      expect(other.status).toBe(400);
      expect(other.body).toBe(
        errorXml(
          'InvalidAction',
          'Could not find operation ListUsers for version 2011-01-01',
          other.headers.get('x-amzn-requestid') ?? '',
        ),
      );
      const none = await send({ Action: 'ListUsers' }, { credentials: t.admin });
      expect(none.status).toBe(400);
      expect(xmlText(none.body, 'Message')).toBe(
        'Could not find operation ListUsers for version NO_VERSION_SPECIFIED',
      );
    });
  });

  describe('SigV4 authentication', () => {
    it('a signed POST is answered 200 with the operation’s XML', async () => {
      const response = await send({ Action: 'GetUser', Version: '2010-05-08' }, { credentials: t.admin });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/xml');
      expect(response.body).toMatch(new RegExp(`^<GetUserResponse xmlns="${IAM_XMLNS}">\\n`));
      expect(xmlText(response.body, 'UserName')).toBe('admin');
      expect(xmlText(response.body, 'RequestId')).toBe(response.headers.get('x-amzn-requestid'));
    });

    it('unsigned: 403 MissingAuthenticationToken', async () => {
      const response = await send({ Action: 'ListUsers', Version: '2010-05-08' });
      expect(response.status).toBe(403);
      expect(response.body).toBe(
        errorXml(
          'MissingAuthenticationToken',
          'Request is missing Authentication Token',
          response.headers.get('x-amzn-requestid') ?? '',
        ),
      );
    });

    it('the wrong secret: 403 SignatureDoesNotMatch, on the wire and through the SDK', async () => {
      const wrong = { accessKeyId: t.admin.accessKeyId, secretAccessKey: randomAdminKey().secretAccessKey };
      const response = await send({ Action: 'ListUsers', Version: '2010-05-08' }, { credentials: wrong });
      expect(response.status).toBe(403);
      expect(response.body).toBe(
        errorXml('SignatureDoesNotMatch', SIGNATURE_MISMATCH, response.headers.get('x-amzn-requestid') ?? ''),
      );
      expect(await failure(t.iam(wrong).send(new ListUsersCommand({})))).toEqual({
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: SIGNATURE_MISMATCH,
      });
    });

    it('parameters changed after signing: 403 SignatureDoesNotMatch', async () => {
      for (const method of ['POST', 'GET'] as const) {
        const response = await send(
          { Action: 'GetUser', Version: '2010-05-08' },
          { method, credentials: t.admin, tamper: (p) => ({ ...p, UserName: 'someone-else' }) },
        );
        expect([method, response.status, xmlText(response.body, 'Code')]).toEqual([
          method,
          403,
          'SignatureDoesNotMatch',
        ]);
      }
    });

    it('an access key nobody has: 403 InvalidClientTokenId', async () => {
      const stranger = randomAdminKey();
      const response = await send({ Action: 'ListUsers', Version: '2010-05-08' }, { credentials: stranger });
      expect(response.status).toBe(403);
      expect(response.body).toBe(
        errorXml('InvalidClientTokenId', INVALID_TOKEN, response.headers.get('x-amzn-requestid') ?? ''),
      );
      expect(await failure(t.iam(stranger).send(new ListUsersCommand({})))).toEqual({
        code: 'InvalidClientTokenId',
        status: 403,
        message: INVALID_TOKEN,
      });
    });

    it('an inactive access key: 403 InvalidClientTokenId, until it is active again', async () => {
      const admin = t.iam();
      await admin.send(new CreateUserCommand({ UserName: 'inactive-key' }));
      await admin.send(
        new AttachUserPolicyCommand({
          UserName: 'inactive-key',
          PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
        }),
      );
      const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'inactive-key' }));
      const key = {
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      };
      const asUser = t.iam(key);
      expect((await asUser.send(new GetUserCommand({}))).User?.UserName).toBe('inactive-key');

      const setStatus = (Status: 'Active' | 'Inactive') =>
        admin.send(
          new UpdateAccessKeyCommand({ UserName: 'inactive-key', AccessKeyId: key.accessKeyId, Status }),
        );
      await setStatus('Inactive');
      expect(await failure(asUser.send(new GetUserCommand({})))).toEqual({
        code: 'InvalidClientTokenId',
        status: 403,
        message: INVALID_TOKEN,
      });
      const raw = await send({ Action: 'GetUser', Version: '2010-05-08' }, { credentials: key });
      expect([raw.status, xmlText(raw.body, 'Code')]).toEqual([403, 'InvalidClientTokenId']);

      await setStatus('Active');
      expect((await asUser.send(new GetUserCommand({}))).User?.UserName).toBe('inactive-key');
    });

    it('signed 20 minutes ago: 403 SignatureDoesNotMatch, "Signature expired"', async () => {
      const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000 - 20 * 60_000);
      const response = await send(
        { Action: 'ListUsers', Version: '2010-05-08' },
        { credentials: t.admin, signingDate },
      );
      expect(response.status).toBe(403);
      expect(xmlText(response.body, 'Code')).toBe('SignatureDoesNotMatch');
      const message = xmlText(response.body, 'Message') ?? '';
      const match = /^Signature expired: (\w+) is now earlier than (\w+) \((\w+) - 15 min\.\)$/.exec(message);
      expect(match, message).not.toBeNull();
      const [, signed, earliest, now] = match ?? [];
      expect(signed).toBe(amzDate(signingDate));
      const parse = (s = '') =>
        Date.parse(s.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      expect(parse(now) - parse(earliest)).toBe(15 * 60_000);
      expect(Math.abs(parse(now) - Date.now())).toBeLessThan(10_000);
      expect(response.body).toBe(
        errorXml('SignatureDoesNotMatch', message, response.headers.get('x-amzn-requestid') ?? ''),
      );
    });

    it('signed 10 minutes ago: inside the 15-minute window, answered', async () => {
      const response = await send(
        { Action: 'ListUsers', Version: '2010-05-08' },
        { credentials: t.admin, signingDate: new Date(Date.now() - 10 * 60_000) },
      );
      expect(response.status).toBe(200);
    });
  });

  it('the GET form, parameters in the query string, works as the POST form does', async () => {
    const params = { Action: 'GetUser', Version: '2010-05-08', UserName: 'admin' };
    const [get, post] = await Promise.all([
      send(params, { method: 'GET', credentials: t.admin }),
      send(params, { method: 'POST', credentials: t.admin }),
    ]);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('text/xml');
    const withoutRequestId = (r: RawResponse) =>
      r.body.replace(r.headers.get('x-amzn-requestid') ?? '', 'REQUEST-ID');
    expect(withoutRequestId(get)).toBe(withoutRequestId(post));
    expect(xmlText(get.body, 'Arn')).toBe(`arn:aws:iam::${t.accountId}:user/admin`);
    // And an error there is the same error.
    const missing = await send(
      { Action: 'GetUser', Version: '2010-05-08', UserName: 'nobody' },
      { method: 'GET', credentials: t.admin },
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toBe(
      errorXml(
        'NoSuchEntity',
        'The user with name nobody cannot be found.',
        missing.headers.get('x-amzn-requestid') ?? '',
      ),
    );
  });

  it('/health answers 200 {"status":"ok"}', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GetAccessKeyLastUsed: never used, then used for iam in us-east-1', async () => {
    const admin = t.iam();
    await admin.send(new ListUsersCommand({}));
    const used = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: t.admin.accessKeyId }));
    expect(used.UserName).toBe('admin');
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: 'us-east-1' });
    const when = used.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0;
    expect(when).toBeGreaterThanOrEqual(startedAt.getTime());
    expect(when).toBeLessThanOrEqual(Date.now());

    await admin.send(new CreateUserCommand({ UserName: 'fresh-key' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'fresh-key' }));
    const fresh = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    const never = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: fresh.accessKeyId }));
    expect(never.UserName).toBe('fresh-key');
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });

    // Authentication records the use, whatever the call then comes to.
    await t
      .iam(fresh)
      .send(new GetUserCommand({}))
      .catch(() => undefined);
    const after = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: fresh.accessKeyId }));
    expect(after.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: 'us-east-1' });
    expect(after.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });
});
