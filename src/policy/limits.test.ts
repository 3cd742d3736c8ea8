import { describe, expect, it } from 'vitest';
import type { PolicyKind } from './ast.js';
import {
  aggregateInlineSize,
  measuredSize,
  policySize,
  sizeLimitMessage,
  SIZE_LIMITS,
  type SizeLimit,
} from './limits.js';

function limitOf(kind: PolicyKind): SizeLimit {
  const limit = SIZE_LIMITS[kind];
  if (!limit) throw new Error(`no limit for ${kind}`);
  return limit;
}

describe('SIZE_LIMITS', () => {
  it('holds the IAM and STS quotas per policy kind', () => {
    const max = Object.fromEntries(Object.entries(SIZE_LIMITS).map(([kind, limit]) => [kind, limit?.max]));
    expect(max).toEqual({
      managed: 6144,
      boundary: 6144,
      'user-inline': 2048,
      'group-inline': 5120,
      'role-inline': 10240,
      trust: 2048,
      session: 2048,
      resource: undefined,
    });
  });

  it('marks the inline limits as aggregates and names the quotas AWS reports', () => {
    expect(SIZE_LIMITS['user-inline']?.aggregate).toBe(true);
    expect(SIZE_LIMITS['group-inline']?.aggregate).toBe(true);
    expect(SIZE_LIMITS['role-inline']?.aggregate).toBe(true);
    expect(SIZE_LIMITS.managed?.aggregate).toBe(false);
    expect(SIZE_LIMITS.managed?.quota).toBe('PolicySize');
    expect(SIZE_LIMITS.trust?.quota).toBe('ACLSizePerRole');
    expect(SIZE_LIMITS.session?.measure).toBe('all-characters');
    expect(SIZE_LIMITS.managed?.measure).toBe('without-whitespace');
  });
});

describe('policySize', () => {
  it('does not count whitespace between JSON tokens', () => {
    const minified = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    const pretty = JSON.stringify(JSON.parse(minified), null, 4).replace(/\n/g, '\r\n\t');
    expect(policySize(minified)).toBe(minified.length);
    expect(policySize(pretty)).toBe(minified.length);
  });

  it('counts whitespace inside strings, which is part of the value', () => {
    expect(policySize('{"Sid": "a b"}')).toBe('{"Sid":"a b"}'.length);
    expect(policySize('{"k": "\t"}')).toBe('{"k":"\t"}'.length);
  });

  it('keeps counting correctly across escaped quotes and backslashes', () => {
    const text = '{ "a" : "x\\" y" , "b" : "\\\\" }';
    expect(policySize(text)).toBe('{"a":"x\\" y","b":"\\\\"}'.length);
  });

  it('measures the empty text as zero', () => {
    expect(policySize('')).toBe(0);
    expect(policySize(' \n\t')).toBe(0);
  });
});

describe('measuredSize and aggregateInlineSize', () => {
  it('counts every character for session policies and skips whitespace for IAM quotas', () => {
    const text = '{ "a": 1 }';
    expect(measuredSize(text, limitOf('session'))).toBe(10);
    expect(measuredSize(text, limitOf('managed'))).toBe(7);
  });

  it('sums the sizes of an entity’s inline policies', () => {
    expect(aggregateInlineSize(['{ "a": 1 }', '{"bb": 22}'])).toBe(7 + 9);
    expect(aggregateInlineSize([])).toBe(0);
  });
});

describe('sizeLimitMessage', () => {
  it('quotes the AWS LimitExceeded wording for managed and trust policies', () => {
    expect(sizeLimitMessage('managed', limitOf('managed'), 7000)).toMatch(
      /^Cannot exceed quota for PolicySize: 6144\. /,
    );
    expect(sizeLimitMessage('trust', limitOf('trust'), 3000)).toMatch(
      /^Cannot exceed quota for ACLSizePerRole: 2048\. /,
    );
    expect(sizeLimitMessage('role-inline', limitOf('role-inline'), 10241)).toMatch(
      /^Maximum policy size of 10240 bytes exceeded\. /,
    );
    expect(sizeLimitMessage('managed', limitOf('managed'), 7000)).toContain(
      '7000 characters, not counting whitespace',
    );
  });
});
