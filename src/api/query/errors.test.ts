import { describe, expect, it } from 'vitest';
import { encodeError, errorStatus } from './errors.js';
import { loadModel } from './model.js';

const iam = loadModel('iam');
const sts = loadModel('sts');

describe('errorStatus', () => {
  it.each([
    ['EntityAlreadyExists', 409],
    ['NoSuchEntity', 404],
    ['LimitExceeded', 409],
    ['DeleteConflict', 409],
    ['MalformedPolicyDocument', 400],
    ['InvalidInput', 400],
    ['PasswordPolicyViolation', 400],
    ['InvalidAuthenticationCode', 403],
    ['ConcurrentModification', 409],
    ['ServiceFailure', 500],
    ['ReportNotPresent', 410],
  ])('finds IAM %s in the model: %i', (code, status) => {
    expect(errorStatus(iam, code)).toBe(status);
  });

  it.each([
    ['ValidationError', 400],
    ['InvalidAction', 400],
    ['MissingAction', 400],
    ['InternalFailure', 500],
    ['AccessDenied', 403],
    ['SignatureDoesNotMatch', 403],
    ['InvalidClientTokenId', 403],
    ['MissingAuthenticationToken', 403],
    ['IncompleteSignature', 400],
    ['RequestExpired', 400],
    ['Throttling', 400],
    ['ServiceUnavailable', 503],
  ])('knows the common error %s: %i', (code, status) => {
    expect(errorStatus(iam, code)).toBe(status);
    expect(errorStatus(sts, code)).toBe(status);
  });

  it('uses each service’s own model', () => {
    expect(errorStatus(sts, 'RegionDisabledException')).toBe(403);
    expect(errorStatus(sts, 'IDPRejectedClaim')).toBe(403);
    expect(errorStatus(iam, 'RegionDisabledException')).toBe(400);
  });

  it('answers 400 for a code it does not know, and is not fooled by Object.prototype', () => {
    expect(errorStatus(iam, 'Unheard')).toBe(400);
    expect(errorStatus(iam, 'constructor')).toBe(400);
    expect(errorStatus(iam, 'toString')).toBe(400);
  });
});

describe('encodeError', () => {
  it('writes the ErrorResponse IAM sends', () => {
    expect(
      encodeError(iam, {
        code: 'ValidationError',
        message:
          "1 validation error detected: Value 'charon-31f85414' at 'roleName' failed to satisfy constraint: " +
          'Member must have length less than or equal to 64',
        requestId: '21df0503-40ff-11e5-a422-e51fd6279686',
      }),
    ).toBe(
      [
        '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <Error>',
        '    <Type>Sender</Type>',
        '    <Code>ValidationError</Code>',
        "    <Message>1 validation error detected: Value 'charon-31f85414' at 'roleName' failed to satisfy " +
          'constraint: Member must have length less than or equal to 64</Message>',
        '  </Error>',
        '  <RequestId>21df0503-40ff-11e5-a422-e51fd6279686</RequestId>',
        '</ErrorResponse>',
        '',
      ].join('\n'),
    );
  });

  it('says Receiver for 5xx errors, unless told otherwise', () => {
    expect(encodeError(iam, { code: 'ServiceFailure', message: 'x', requestId: 'r' })).toContain(
      '<Type>Receiver</Type>',
    );
    expect(encodeError(iam, { code: 'InternalFailure', message: 'x', requestId: 'r' })).toContain(
      '<Type>Receiver</Type>',
    );
    expect(encodeError(iam, { code: 'NoSuchEntity', message: 'x', requestId: 'r' })).toContain(
      '<Type>Sender</Type>',
    );
    expect(encodeError(iam, { code: 'NoSuchEntity', message: 'x', requestId: 'r', sender: false })).toContain(
      '<Type>Receiver</Type>',
    );
  });

  it('writes STS errors in the STS namespace and escapes the message', () => {
    const xml = encodeError(sts, { code: 'AccessDenied', message: 'User: <a> & "b"', requestId: 'r' });
    expect(xml).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n/);
    expect(xml).toContain('<Message>User: &lt;a&gt; &amp; &quot;b&quot;</Message>');
  });
});

describe('EC2 errors', () => {
  const ec2 = loadModel('ec2');

  it.each([
    ['AuthFailure', 401],
    ['UnauthorizedOperation', 403],
    ['DryRunOperation', 412],
    ['InvalidInstanceID.NotFound', 400],
    ['InvalidParameterValue', 400],
    ['InternalError', 500],
    ['RequestLimitExceeded', 503],
    ['constructor', 400],
  ])('answers %s with %i', (code, status) => {
    expect(errorStatus(ec2, code)).toBe(status);
  });

  it('writes them in EC2’s envelope, without a Type', () => {
    // As the EC2 API Reference's "Example error response".
    expect(
      encodeError(ec2, {
        code: 'InvalidInstanceID.NotFound',
        message: "The instance ID 'i-1a2b3c4d' does not exist",
        requestId: 'ea966190-f9aa-478e-9ede-example',
      }),
    ).toBe(
      [
        '<Response>',
        '  <Errors>',
        '    <Error>',
        '      <Code>InvalidInstanceID.NotFound</Code>',
        "      <Message>The instance ID 'i-1a2b3c4d' does not exist</Message>",
        '    </Error>',
        '  </Errors>',
        '  <RequestID>ea966190-f9aa-478e-9ede-example</RequestID>',
        '</Response>',
        '',
      ].join('\n'),
    );
  });
});
