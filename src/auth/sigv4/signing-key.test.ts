import { describe, expect, it } from 'vitest';
import { cachedSigningKeyCount, sign, signingKey } from './signing-key.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('signingKey', () => {
  it('derives the keys of the AWS documentation examples', () => {
    expect(signingKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex')).toBe(
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    );
    expect(signingKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex')).toBe(
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    );
  });

  it('depends on every part of the scope and on the secret', () => {
    const base = signingKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex');
    const others = [
      signingKey(`${SECRET}x`, '20150830', 'us-east-1', 'iam'),
      signingKey(SECRET, '20150831', 'us-east-1', 'iam'),
      signingKey(SECRET, '20150830', 'us-east-2', 'iam'),
      signingKey(SECRET, '20150830', 'us-east-1', 'sts'),
    ].map((key) => key.toString('hex'));
    expect(new Set([base, ...others]).size).toBe(5);
  });

  it('keeps the cache bounded however many scopes pass through', () => {
    for (let day = 0; day < 3000; day++) signingKey(SECRET, `2015${String(day).padStart(4, '0')}`, 'r', 's');
    expect(cachedSigningKeyCount()).toBeLessThanOrEqual(1024);
    expect(cachedSigningKeyCount()).toBeGreaterThan(0);
  });

  it('hands out copies, so a caller cannot poison the cache', () => {
    const key = signingKey(SECRET, '20150830', 'us-east-1', 'iam');
    key.fill(0);
    expect(signingKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex')).toBe(
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    );
  });
});

describe('sign', () => {
  it('signs the AWS documentation string to sign', () => {
    const toSign =
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n' +
      'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59';
    expect(sign(signingKey(SECRET, '20150830', 'us-east-1', 'iam'), toSign)).toBe(
      '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });
});
