import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuthorization, type SigV4Authorization } from './authorization.js';
import { SIGNATURE_MISMATCH_MESSAGE } from './errors.js';
import type { SigV4Request } from './request.js';
import { signingKey, sign } from './signing-key.js';
import { stringToSign } from './string-to-sign.js';
import { canonicalRequestFor, verifySignature, type VerifyOptions } from './verify.js';

// The AWS SigV4 test suite (awslabs/aws-c-auth, Apache-2.0), vendored beside this test.
const FIXTURES = new URL('../../../test/fixtures/sigv4/', import.meta.url);

interface Context {
  readonly credentials: { access_key_id: string; secret_access_key: string; token?: string };
  readonly normalize: boolean;
  readonly region: string;
  readonly service: string;
  readonly timestamp: string;
  readonly omit_session_token?: boolean;
}

/** A raw HTTP/1.1 request as the fixtures write it (LF line ends, folded header lines). */
function parseRawRequest(text: string): SigV4Request {
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text.replace(/\n$/, '') : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  // The target may hold spaces (`GET /example space/ HTTP/1.1`).
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const q = target.indexOf('?');
  const headers: Record<string, string[]> = {};
  let last: string[] | undefined;
  for (const line of lines) {
    if (/^\s/.test(line) && last) {
      last[last.length - 1] += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    last = headers[name] ??= [];
    last.push(line.slice(colon + 1));
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}

interface Case {
  readonly name: string;
  readonly context: Context;
  readonly read: (file: string) => string;
}

const cases: Case[] = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map((name) => {
    const read = (file: string): string => readFileSync(new URL(`${name}/${file}`, FIXTURES), 'utf8');
    return { name, context: JSON.parse(read('context.json')) as Context, read };
  });

function optionsOf(context: Context): VerifyOptions {
  return {
    normalizePath: context.normalize,
    unsignedQuerySessionToken: context.omit_session_token === true,
    service: context.service,
  };
}

function parsed(request: SigV4Request): SigV4Authorization {
  const result = parseAuthorization(request);
  if (!result.ok) throw result.error;
  return result.value;
}

// --- Mutations: each changes one signed part of a request --------------------------------------

type Mutation = (request: SigV4Request) => SigV4Request;

function withHeader(request: SigV4Request, name: string, change: (value: string) => string): SigV4Request {
  const values = request.headers[name];
  if (values === undefined) throw new Error(`no ${name} header`);
  const list = typeof values === 'string' ? [values] : [...values];
  list[list.length - 1] = change(list[list.length - 1] as string);
  return { ...request, headers: { ...request.headers, [name]: list } };
}

// The authorization's own query parameters, which are not "signed values" to tamper with here.
const AUTH_PARAMETERS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

function mutations(
  request: SigV4Request,
  authorization: SigV4Authorization,
  unsignedToken: boolean,
): Record<string, Mutation> {
  const result: Record<string, Mutation> = {
    'the method changes': (r) => ({ ...r, method: r.method === 'GET' ? 'POST' : 'GET' }),
    'the path changes': (r) => ({ ...r, path: `${r.path}x` }),
    'a query parameter is added': (r) => ({ ...r, query: r.query === '' ? 'Extra=1' : `${r.query}&Extra=1` }),
    'the body changes': (r) => ({ ...r, body: Buffer.concat([r.body, Buffer.from('x')]) }),
    'the date moves by a second': (r) =>
      authorization.form === 'header'
        ? withHeader(r, 'x-amz-date', (d) => d.replace('123600Z', '123601Z'))
        : { ...r, query: r.query.replace('X-Amz-Date=20150830T123600Z', 'X-Amz-Date=20150830T123601Z') },
    'the signature changes': (r) =>
      authorization.form === 'header'
        ? withHeader(r, 'authorization', (a) => a.replace(/.$/, (c) => (c === '0' ? '1' : '0')))
        : {
            ...r,
            query: r.query.replace(/(X-Amz-Signature=[0-9a-f]{63})(.)/, (_, kept: string, c: string) =>
              c === '0' ? `${kept}1` : `${kept}0`,
            ),
          },
    'the credential region changes': (r) =>
      authorization.form === 'header'
        ? withHeader(r, 'authorization', (a) => a.replace('/us-east-1/', '/us-west-2/'))
        : { ...r, query: r.query.replace('%2Fus-east-1%2F', '%2Fus-west-2%2F') },
  };
  for (const name of authorization.signedHeaders) {
    if (name === 'x-amz-date') continue; // the date mutation covers it
    result[`the ${name} header changes`] = (r) => withHeader(r, name, (v) => `${v}x`);
  }
  if (authorization.form === 'query' && authorization.sessionToken !== undefined && !unsignedToken) {
    result['the session token changes'] = (r) => ({
      ...r,
      query: r.query.replace('X-Amz-Security-Token=', '$&x'),
    });
  }
  const signedValue = request.query
    .split('&')
    .map((piece) => piece.split('=')[0] ?? '')
    .find((name) => name !== '' && !AUTH_PARAMETERS.has(decodeURIComponent(name)));
  if (signedValue !== undefined) {
    result[`the ${signedValue} query value changes`] = (r) => ({
      ...r,
      query: r.query
        .split('&')
        .map((piece) => (piece.split('=')[0] === signedValue ? `${piece}0` : piece))
        .join('&'),
    });
  }
  return result;
}

describe('the options the test suite exercises', () => {
  const byName = (name: string): Case => cases.find((c) => c.name === name) as Case;

  it('are needed: an S3-style (unnormalized) signature fails the default path normalization', () => {
    const { context, read } = byName('get-slash-dot-slash-unnormalized');
    const request = parseRawRequest(read('header-signed-request.txt'));
    const secret = context.credentials.secret_access_key;
    const now = new Date(context.timestamp);
    expect(verifySignature(request, secret, now, { normalizePath: false }).ok).toBe(true);
    expect(verifySignature(request, secret, now).ok).toBe(false);
  });

  it('are needed: a session token appended after presigning is refused unless allowed', () => {
    const { context, read } = byName('post-sts-header-after');
    const request = parseRawRequest(read('query-signed-request.txt'));
    const secret = context.credentials.secret_access_key;
    const now = new Date(context.timestamp);
    expect(verifySignature(request, secret, now, { unsignedQuerySessionToken: true }).ok).toBe(true);
    const refused = verifySignature(request, secret, now);
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('SignatureDoesNotMatch');
  });
});

// --- The suite -----------------------------------------------------------------------------------

describe('the AWS SigV4 test suite', () => {
  it('has all 38 cases', () => {
    expect(cases).toHaveLength(38);
  });

  describe.each(cases)('$name', ({ context, read }) => {
    const now = new Date(context.timestamp);
    const secret = context.credentials.secret_access_key;
    const options = optionsOf(context);

    describe.each(['header', 'query'] as const)('signed in the %s', (form) => {
      const request = parseRawRequest(read(`${form}-signed-request.txt`));

      it('canonicalizes, builds the string to sign and signs exactly as AWS does', () => {
        const authorization = parsed(request);
        expect(authorization.form).toBe(form);
        const canonical = canonicalRequestFor(request, authorization, options);
        expect(canonical).toBe(read(`${form}-canonical-request.txt`));
        const toSign = stringToSign(authorization.timestamp, authorization.credentialScope, canonical);
        expect(toSign).toBe(read(`${form}-string-to-sign.txt`));
        const { date, region, service } = authorization.credential;
        expect(sign(signingKey(secret, date, region, service), toSign)).toBe(read(`${form}-signature.txt`));
      });

      it('verifies, returning the credential and any session token', () => {
        const result = verifySignature(request, secret, now, options);
        expect(result.ok ? result.value : result.error).toMatchObject({
          form,
          credential: {
            accessKeyId: context.credentials.access_key_id,
            date: '20150830',
            region: context.region,
            service: context.service,
            terminator: 'aws4_request',
          },
          signature: read(`${form}-signature.txt`),
          requestTime: now,
        });
        const token = result.ok ? result.value.sessionToken : undefined;
        expect(token).toBe(context.credentials.token);
      });

      it('refuses the request signed under another secret', () => {
        const result = verifySignature(request, `${secret}x`, now, options);
        expect(result.ok ? 'accepted' : result.error.code).toBe('SignatureDoesNotMatch');
      });

      const changes = Object.entries(
        mutations(request, parsed(request), options.unsignedQuerySessionToken === true),
      );
      it.each(changes)('refuses it once %s', (_, mutate) => {
        const result = verifySignature(mutate(request), secret, now, options);
        expect(result.ok ? 'accepted' : { code: result.error.code, message: result.error.message }).toEqual({
          code: 'SignatureDoesNotMatch',
          message: SIGNATURE_MISMATCH_MESSAGE,
        });
      });
    });
  });
});
