import { describe, expect, it } from 'vitest';
import { policy } from '../../../test/support/policy.js';
import { RequestContext } from '../context.js';
import { PolicySet } from '../evaluate.js';
import { contextVariants, fixedKeyTest, freeKeySamples } from './context-variants.js';

function statements(conditions: object) {
  const p = policy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: conditions }],
  });
  return PolicySet.compile({ identity: [p] }).identity.statements;
}

const base = new RequestContext({ 'aws:username': 'alice', 'aws:SourceIp': '203.0.113.10' });
const isFixed = fixedKeyTest(['aws:username', 'aws:principaltag/']);

describe('fixedKeyTest', () => {
  it('fixes the MFA keys, the listed keys and the listed prefixes', () => {
    expect(isFixed('aws:multifactorauthpresent')).toBe(true);
    expect(isFixed('aws:multifactorauthage')).toBe(true);
    expect(isFixed('aws:username')).toBe(true);
    expect(isFixed('aws:principaltag/team')).toBe(true);
    expect(isFixed('aws:sourceip')).toBe(false);
  });
});

describe('freeKeySamples', () => {
  it('tries each free key absent, at its base value, and on each side of every condition value', () => {
    const samples = freeKeySamples(
      statements({
        NumericLessThan: { 's3:max-keys': '10' },
        DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
        IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        StringLike: { 'aws:RequestTag/team': 'dev-*' },
        Bool: { 'aws:SecureTransport': 'true' },
        StringEquals: { 'aws:username': 'bob', 'aws:MultiFactorAuthPresent': 'true' },
      }),
      base,
      isFixed,
    );
    expect(Object.fromEntries(samples)).toEqual({
      's3:max-keys': [undefined, 'iamfa-other', '9', '10', '11'],
      'aws:currenttime': [
        undefined,
        'iamfa-other',
        '2019-12-31T23:59:59Z',
        '2020-01-01T00:00:00Z',
        '2020-01-01T00:00:01Z',
      ],
      'aws:sourceip': ['203.0.113.10', undefined, 'iamfa-other', '10.0.0.0', '192.0.2.1'],
      'aws:requesttag/team': [undefined, 'iamfa-other', 'dev-', 'dev-x'],
      'aws:securetransport': [undefined, 'iamfa-other', 'true', 'false'],
    });
  });
});

describe('contextVariants', () => {
  it('tries every combination while there are few, reporting only what differs from the base', () => {
    const samples = new Map([
      ['a:x', [undefined, '1']],
      ['aws:sourceip', ['203.0.113.10', '10.0.0.1']],
    ]);
    const { contexts, limited } = contextVariants(base, samples, 10);
    expect(limited).toBe(false);
    expect(contexts.map((c) => c.chosen)).toEqual([
      {},
      { 'aws:sourceip': '10.0.0.1' },
      { 'a:x': '1' },
      { 'a:x': '1', 'aws:sourceip': '10.0.0.1' },
    ]);
    expect(contexts[3]?.context.get('aws:sourceip')).toBe('10.0.0.1');
    expect(contexts[3]?.context.get('aws:username')).toBe('alice');
  });

  it('leaves a key out when the sample is undefined', () => {
    const { contexts } = contextVariants(base, new Map([['aws:sourceip', [undefined]]]), 10);
    expect(contexts[0]?.context.get('aws:sourceip')).toBeUndefined();
    expect(contexts[0]?.chosen).toEqual({ 'aws:sourceip': undefined });
  });

  it('varies one key at a time beyond the limit', () => {
    const samples = new Map([
      ['a:x', ['1', '2', '3']],
      ['a:y', ['4', '5', '6']],
    ]);
    const { contexts, limited } = contextVariants(base, samples, 8);
    expect(limited).toBe(true);
    expect(contexts).toHaveLength(1 + 6);
  });
});
