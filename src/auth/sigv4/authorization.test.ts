import { describe, expect, it } from 'vitest';
import { parseAuthorization, type AuthorizationOptions } from './authorization.js';
import { SIGNATURE_MISMATCH_MESSAGE } from './errors.js';
import type { SigV4Request } from './request.js';

const DATE = '20150830T123600Z';
const SIGNATURE = 'a'.repeat(64);
const CREDENTIAL = 'AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request';
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;

function request(headers: Record<string, string | undefined>, query = ''): SigV4Request {
  return {
    method: 'POST',
    path: '/',
    query,
    headers: { host: 'iam.amazonaws.com', ...headers },
    body: Buffer.alloc(0),
  };
}

function signed(authorization: string, headers: Record<string, string | undefined> = {}): SigV4Request {
  return request({ authorization, 'x-amz-date': DATE, ...headers });
}

function failure(r: SigV4Request, options: AuthorizationOptions = {}) {
  const result = parseAuthorization(r, options);
  return result.ok
    ? 'accepted'
    : { code: result.error.code, status: result.error.httpStatus, message: result.error.message };
}

const incomplete = (message: string) => ({ code: 'IncompleteSignature', status: 400, message });
const mismatch = (message: string) => ({ code: 'SignatureDoesNotMatch', status: 403, message });
const MISSING = {
  code: 'MissingAuthenticationToken',
  status: 403,
  message: 'Request is missing Authentication Token',
};

describe('parseAuthorization, Authorization header', () => {
  it('reads a well-formed header', () => {
    const result = parseAuthorization(signed(AUTHORIZATION, { 'x-amz-security-token': 'token' }));
    expect(result.ok && result.value).toEqual({
      form: 'header',
      credential: {
        accessKeyId: 'AKIDEXAMPLE',
        date: '20150830',
        region: 'us-east-1',
        service: 'iam',
        terminator: 'aws4_request',
      },
      credentialScope: '20150830/us-east-1/iam/aws4_request',
      signedHeaders: ['host', 'x-amz-date'],
      signature: SIGNATURE,
      timestamp: DATE,
      requestTime: new Date('2015-08-30T12:36:00Z'),
      sessionToken: 'token',
    });
  });

  it('answers a request with no signing information at all with MissingAuthenticationToken', () => {
    expect(failure(request({}))).toEqual(MISSING);
    expect(failure(request({ 'x-amz-date': DATE }, 'Action=ListUsers'))).toEqual(MISSING);
  });

  it('answers another authorization scheme with MissingAuthenticationToken', () => {
    expect(failure(signed('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'))).toEqual(MISSING);
    expect(failure(signed('AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg='))).toEqual(MISSING);
  });

  it('lists every missing part, then echoes the header', () => {
    expect(failure(request({ authorization: 'AWS4-HMAC-SHA256' }))).toEqual(
      incomplete(
        "Authorization header requires 'Credential' parameter. " +
          "Authorization header requires 'Signature' parameter. " +
          "Authorization header requires 'SignedHeaders' parameter. " +
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
          'Authorization=AWS4-HMAC-SHA256',
      ),
    );
    // As SES (a query service) answered it, in amazonka#316.
    expect(failure(signed('AWS4-HMAC-SHA256 Credential=ABCDEF'))).toEqual(
      incomplete(
        "Authorization header requires 'Signature' parameter. " +
          "Authorization header requires 'SignedHeaders' parameter. " +
          'Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF',
      ),
    );
  });

  it('counts an empty Credential or Signature as missing', () => {
    const header = `AWS4-HMAC-SHA256 Credential=, SignedHeaders=host;x-amz-date, Signature=`;
    expect(failure(signed(header))).toEqual(
      incomplete(
        "Authorization header requires 'Credential' parameter. " +
          "Authorization header requires 'Signature' parameter. " +
          `Authorization=${header}`,
      ),
    );
  });

  it('refuses a parameter without an equal sign, splitting on whitespace as well as commas', () => {
    // As CloudFormation answered it, in aws-sdk-go#289 (a stray space after the access key id).
    const header =
      'AWS4-HMAC-SHA256 Credential=AKIAXXXXXXXXXX /20150620/us-east-1/cloudformation/aws4_request, ' +
      'SignedHeaders=host;x-amz-date, Signature=240c93ba3610c73bde4e52dd5a93dd61a80b3ba2871208d7365c9cc7032d5c6f';
    expect(failure(signed(header))).toEqual(
      incomplete(
        `'/20150620/us-east-1/cloudformation/aws4_request' not a valid key=value pair (missing equal-sign) ` +
          `in Authorization header: '${header}'.`,
      ),
    );
  });

  it('accepts parameters separated by commas alone, the last of a repeated one winning', () => {
    const result = parseAuthorization(
      signed(
        `AWS4-HMAC-SHA256 Signature=${'b'.repeat(64)},Credential=${CREDENTIAL},SignedHeaders=host,Signature=${SIGNATURE}`,
      ),
    );
    expect(result.ok && result.value.signature).toBe(SIGNATURE);
  });

  it('refuses a date not in ISO 8601 basic format', () => {
    expect(failure(signed(AUTHORIZATION, { 'x-amz-date': '201' }))).toEqual(
      incomplete(
        "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
      ),
    );
    expect(failure(signed(AUTHORIZATION, { 'x-amz-date': '2015-08-30T12:36:00Z' }))).toMatchObject({
      code: 'IncompleteSignature',
    });
  });

  it('falls back to the Date header, X-Amz-Date taking precedence', () => {
    const fallback = parseAuthorization(request({ authorization: AUTHORIZATION, date: DATE }));
    expect(fallback.ok && fallback.value.timestamp).toBe(DATE);
    const both = parseAuthorization(
      request({ authorization: AUTHORIZATION, date: '20150829T000000Z', 'x-amz-date': DATE }),
    );
    expect(both.ok && both.value.timestamp).toBe(DATE);
  });

  it('requires Host to be signed', () => {
    const header = AUTHORIZATION.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date');
    expect(failure(signed(header))).toEqual(
      mismatch("'Host' must be a 'SignedHeader' in the AWS Authorization."),
    );
    expect(failure(signed(AUTHORIZATION.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=')))).toEqual(
      mismatch("'Host' must be a 'SignedHeader' in the AWS Authorization."),
    );
  });

  it('lower-cases and sorts the signed header names', () => {
    const header = AUTHORIZATION.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=X-Amz-Date;Host');
    const result = parseAuthorization(signed(header));
    expect(result.ok && result.value.signedHeaders).toEqual(['host', 'x-amz-date']);
  });

  it('refuses any algorithm but AWS4-HMAC-SHA256', () => {
    expect(failure(signed(AUTHORIZATION.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512')))).toEqual(
      incomplete("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "),
    );
  });

  it('requires a credential of five slash-delimited elements, ignoring trailing slashes', () => {
    expect(failure(signed(AUTHORIZATION.replace(CREDENTIAL, 'a/b/c/d')))).toEqual(
      incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
      ),
    );
    expect(failure(signed(AUTHORIZATION.replace(CREDENTIAL, `${CREDENTIAL}/x`)))).toMatchObject({
      code: 'IncompleteSignature',
    });
    const trailing = parseAuthorization(signed(AUTHORIZATION.replace(CREDENTIAL, `${CREDENTIAL}//`)));
    expect(trailing.ok && trailing.value.credentialScope).toBe('20150830/us-east-1/iam/aws4_request');
  });

  it('reports every scope problem at once, each sentence followed by a space', () => {
    const header = AUTHORIZATION.replace(CREDENTIAL, 'AKIDEXAMPLE/20150829//sts/aws5_request');
    expect(failure(signed(header), { service: 'iam' })).toEqual(
      mismatch(
        "Credential should be scoped to a valid region, not ''. " +
          "Credential should be scoped to correct service: 'iam'. " +
          "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'. ",
      ),
    );
  });

  it("refuses a credential scoped to another service when the endpoint's is given", () => {
    expect(failure(signed(AUTHORIZATION), { service: 'sts' })).toEqual(
      mismatch("Credential should be scoped to correct service: 'sts'. "),
    );
    expect(failure(signed(AUTHORIZATION), { service: 'iam' })).toBe('accepted');
    // Without an expected service, the service is the caller's to check.
    const result = parseAuthorization(signed(AUTHORIZATION.replace('/iam/', '/ec2/')));
    expect(result.ok && result.value.credential.service).toBe('ec2');
  });

  it('accepts whatever region the client signs with', () => {
    for (const region of ['eu-central-1', 'cn-north-1', 'local']) {
      const result = parseAuthorization(signed(AUTHORIZATION.replace('us-east-1', region)));
      expect(result.ok && result.value.credential.region).toBe(region);
    }
  });

  it('checks in the order AWS does', () => {
    // Missing parts come before the date format…
    expect(failure(signed('AWS4-HMAC-SHA256 Credential=x', { 'x-amz-date': '201' }))).toMatchObject({
      message: expect.stringMatching(/^Authorization header requires 'Signature' parameter/),
    });
    // …the date format before the clock…
    const late = new Date('2016-01-01T00:00:00Z');
    expect(failure(signed(AUTHORIZATION, { 'x-amz-date': '201' }), { now: late })).toMatchObject({
      message: expect.stringMatching(/^Date must be/),
    });
    // …the clock before Host…
    const unsignedHost = AUTHORIZATION.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date');
    expect(failure(signed(unsignedHost), { now: late })).toMatchObject({
      message: expect.stringMatching(/^Signature expired/),
    });
    // …Host before the algorithm, the algorithm before the credential, the credential before its scope.
    expect(failure(signed(unsignedHost.replace('SHA256', 'SHA512')))).toMatchObject({
      message: expect.stringMatching(/^'Host'/),
    });
    expect(
      failure(signed(AUTHORIZATION.replace('SHA256', 'SHA512').replace(CREDENTIAL, 'a/b'))),
    ).toMatchObject({
      message: expect.stringMatching(/^Unsupported/),
    });
    expect(failure(signed(AUTHORIZATION.replace(CREDENTIAL, 'a/b')), { service: 'sts' })).toMatchObject({
      message: expect.stringMatching(/^Credential must have exactly 5/),
    });
  });

  it('refuses a request that carries both an Authorization header and a presigned query', () => {
    expect(failure(signed(AUTHORIZATION), {})).toBe('accepted');
    const both = { ...signed(AUTHORIZATION), query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' };
    expect(failure(both)).toEqual(mismatch(SIGNATURE_MISMATCH_MESSAGE));
  });
});

describe('parseAuthorization, presigned query', () => {
  const QUERY =
    'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    `&X-Amz-Credential=${encodeURIComponent(CREDENTIAL.replace('/iam/', '/sts/'))}&X-Amz-Date=${DATE}` +
    `&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=IQo%2Bjb3%3D&X-Amz-Signature=${SIGNATURE}`;

  it('reads the X-Amz-* parameters, decoded', () => {
    const result = parseAuthorization(request({}, QUERY));
    expect(result.ok && result.value).toEqual({
      form: 'query',
      credential: {
        accessKeyId: 'AKIDEXAMPLE',
        date: '20150830',
        region: 'us-east-1',
        service: 'sts',
        terminator: 'aws4_request',
      },
      credentialScope: '20150830/us-east-1/sts/aws4_request',
      signedHeaders: ['host'],
      signature: SIGNATURE,
      timestamp: DATE,
      requestTime: new Date('2015-08-30T12:36:00Z'),
      expiresSeconds: 900,
      sessionToken: 'IQo+jb3=',
    });
  });

  it('answers another X-Amz-Algorithm with MissingAuthenticationToken', () => {
    expect(failure(request({}, QUERY.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')))).toEqual(
      MISSING,
    );
  });

  it('lists the missing parameters', () => {
    expect(failure(request({}, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'))).toEqual(
      incomplete(
        "AWS query-string parameters must include 'X-Amz-Credential'. " +
          "AWS query-string parameters must include 'X-Amz-Signature'. " +
          "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
          "AWS query-string parameters must include 'X-Amz-Date'. " +
          'Re-examine the query-string parameters.',
      ),
    );
  });

  it('refuses an X-Amz-Expires that is not a whole number of seconds', () => {
    expect(failure(request({}, QUERY.replace('X-Amz-Expires=900', 'X-Amz-Expires=-1')))).toEqual(
      incomplete("X-Amz-Expires must be a non-negative integer. Got '-1'."),
    );
  });

  it('applies the same date, Host, credential and scope checks', () => {
    expect(failure(request({}, QUERY.replace(`X-Amz-Date=${DATE}`, 'X-Amz-Date=2015')))).toMatchObject({
      code: 'IncompleteSignature',
      message: expect.stringMatching(/^Date must be/),
    });
    expect(
      failure(request({}, QUERY.replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=x-a'))),
    ).toEqual(mismatch("'Host' must be a 'SignedHeader' in the AWS Authorization."));
    expect(failure(request({}, QUERY), { service: 'iam' })).toEqual(
      mismatch("Credential should be scoped to correct service: 'iam'. "),
    );
  });
});
