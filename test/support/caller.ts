import type { Caller } from '../../src/api/operation.js';

/** A caller for handler tests: its kind read from the ARN, no tags, region us-east-1. */
export function testCaller(arn: string, extra: Partial<Caller> = {}): Caller {
  const accountId = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? '123456789012';
  const principalType = arn.endsWith(':root')
    ? 'Account'
    : arn.includes(':assumed-role/')
      ? 'AssumedRole'
      : 'User';
  return { accountId, arn, principalType, tags: {}, region: 'us-east-1', ...extra };
}
