import { describe, expect, it } from 'vitest';
import { parseAmzDate } from './amz-date.js';
import { checkClock } from './clock.js';
import type { SigV4Request } from './request.js';
import { verifySignature } from './verify.js';

const at = (timestamp: string): Date => parseAmzDate(timestamp) as Date;

function messageOf(error: ReturnType<typeof checkClock>) {
  return error && { code: error.code, status: error.httpStatus, message: error.message };
}

describe('checkClock', () => {
  it('refuses a request signed more than 15 minutes ago, in AWS words', () => {
    expect(messageOf(checkClock(at('20130524T000000Z'), at('20130524T003000Z')))).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message:
        'Signature expired: 20130524T000000Z is now earlier than 20130524T001500Z (20130524T003000Z - 15 min.)',
    });
    // As STS answered it, in aws-cli#6676.
    expect(checkClock(at('20220127T001427Z'), at('20220127T015928Z'))?.message).toBe(
      'Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)',
    );
  });

  it('refuses a request signed more than 15 minutes ahead, in AWS words', () => {
    // As STS answered it (Terraform's sts:GetCallerIdentity, QT-DevOps/DevOpsIssues#989).
    expect(messageOf(checkClock(at('20210112T194419Z'), at('20210112T071125Z')))).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message:
        'Signature not yet current: 20210112T194419Z is still later than 20210112T072625Z (20210112T071125Z + 15 min.)',
    });
  });

  it('accepts up to exactly 15 minutes either way, ignoring the milliseconds of now', () => {
    const signedAt = at('20150830T123600Z');
    expect(checkClock(signedAt, new Date('2015-08-30T12:51:00.999Z'))).toBeUndefined();
    expect(checkClock(signedAt, new Date('2015-08-30T12:21:00.000Z'))).toBeUndefined();
    expect(checkClock(signedAt, new Date('2015-08-30T12:51:01Z'))?.message).toMatch(/^Signature expired/);
    expect(checkClock(signedAt, new Date('2015-08-30T12:20:59Z'))?.message).toMatch(
      /^Signature not yet current/,
    );
  });

  it('narrows the past side to a presigned URL lifetime, in minutes or seconds', () => {
    const signedAt = at('20150830T123600Z');
    expect(checkClock(signedAt, at('20150830T123700Z'), 900, 60)).toBeUndefined();
    expect(checkClock(signedAt, at('20150830T123701Z'), 900, 60)?.message).toBe(
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123701Z - 1 min.)',
    );
    expect(checkClock(signedAt, at('20150830T123731Z'), 900, 90)?.message).toBe(
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123731Z - 90 sec.)',
    );
    // A lifetime beyond the skew does not widen it.
    expect(checkClock(signedAt, at('20150830T125101Z'), 900, 3600)?.message).toMatch(/- 15 min\.\)$/);
  });
});

describe('verifySignature and the clock', () => {
  // The get-vanilla case of the AWS test suite.
  const request: SigV4Request = {
    method: 'GET',
    path: '/',
    query: '',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    },
    body: Buffer.alloc(0),
  };
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const verify = (now: string) => {
    const result = verifySignature(request, secret, new Date(now));
    return result.ok ? 'accepted' : result.error.message;
  };

  it('accepts the request within 15 minutes of its time either way', () => {
    expect(verify('2015-08-30T12:36:00Z')).toBe('accepted');
    expect(verify('2015-08-30T12:51:00Z')).toBe('accepted');
    expect(verify('2015-08-30T12:21:00Z')).toBe('accepted');
  });

  it('refuses it with the exact messages beyond', () => {
    expect(verify('2015-08-30T12:51:01Z')).toBe(
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    );
    expect(verify('2015-08-30T12:20:59Z')).toBe(
      'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)',
    );
  });
});
