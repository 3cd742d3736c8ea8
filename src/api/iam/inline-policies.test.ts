import { testCallContext, testCaller } from '../../../test/support/caller.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../../test/support/store.js';
import { IamError } from '../../iam/errors.js';
import type { Store } from '../../store/store.js';
import type { CallContext } from '../operation.js';
import { inlinePolicyOperations } from './inline-policies.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const doc = (action: string): string =>
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] },
    null,
    2,
  );

let store: Store;
let ctx: CallContext;
beforeEach(async () => {
  store = await testStore();
  ctx = testCallContext(store, { caller: testCaller(`arn:aws:iam::${TEST_ACCOUNT}:root`), now: NOW });
  const base = { account_id: TEST_ACCOUNT, path: '/', created_at: NOW.toISOString() };
  await store.db
    .insertInto('users')
    .values({
      ...base,
      id: 'AIDAALICE00000000000',
      name: 'Alice',
      name_key: 'alice',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/Alice`,
      permissions_boundary: null,
      password_last_used: null,
    })
    .execute();
  await store.db
    .insertInto('groups')
    .values({
      ...base,
      id: 'AGPAOPS0000000000000',
      name: 'Ops',
      name_key: 'ops',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:group/Ops`,
    })
    .execute();
});
afterEach(async () => {
  await store.close();
});

function call(name: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const handler = inlinePolicyOperations[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(input, ctx);
}

async function failure(name: string, input: Record<string, unknown>): Promise<IamError> {
  try {
    await call(name, input);
  } catch (e) {
    if (e instanceof IamError) return e;
    throw e;
  }
  throw new Error(`${name} succeeded`);
}

describe('inline policy operations', () => {
  it('serves the user and group inline policy operations', () => {
    expect(Object.keys(inlinePolicyOperations).sort()).toEqual([
      'DeleteGroupPolicy',
      'DeleteUserPolicy',
      'GetGroupPolicy',
      'GetUserPolicy',
      'ListGroupPolicies',
      'ListUserPolicies',
      'PutGroupPolicy',
      'PutUserPolicy',
    ]);
  });

  it('puts, gets, lists and deletes a user policy, naming the user as it was created', async () => {
    expect(
      await call('PutUserPolicy', { UserName: 'alice', PolicyName: 'S3', PolicyDocument: doc('s3:*') }),
    ).toBeUndefined();
    expect(await call('GetUserPolicy', { UserName: 'alice', PolicyName: 'S3' })).toEqual({
      UserName: 'Alice',
      PolicyName: 'S3',
      PolicyDocument: doc('s3:*'),
    });
    expect(await call('ListUserPolicies', { UserName: 'Alice' })).toEqual({
      PolicyNames: ['S3'],
      IsTruncated: false,
    });
    expect(await call('DeleteUserPolicy', { UserName: 'Alice', PolicyName: 'S3' })).toBeUndefined();
    expect(await call('ListUserPolicies', { UserName: 'Alice' })).toEqual({
      PolicyNames: [],
      IsTruncated: false,
    });
  });

  it('puts, gets, lists and deletes a group policy', async () => {
    await call('PutGroupPolicy', { GroupName: 'Ops', PolicyName: 'b', PolicyDocument: doc('ec2:*') });
    await call('PutGroupPolicy', { GroupName: 'Ops', PolicyName: 'a', PolicyDocument: doc('s3:*') });
    expect(await call('GetGroupPolicy', { GroupName: 'ops', PolicyName: 'b' })).toEqual({
      GroupName: 'Ops',
      PolicyName: 'b',
      PolicyDocument: doc('ec2:*'),
    });
    const page = await call('ListGroupPolicies', { GroupName: 'Ops', MaxItems: 1 });
    expect(page).toMatchObject({
      PolicyNames: ['a'],
      IsTruncated: true,
      Marker: expect.any(String) as unknown,
    });
    const rest = await call('ListGroupPolicies', { GroupName: 'Ops', MaxItems: 1, Marker: page?.['Marker'] });
    expect(rest).toEqual({ PolicyNames: ['b'], IsTruncated: false });
    await call('DeleteGroupPolicy', { GroupName: 'Ops', PolicyName: 'a' });
    const error = await failure('DeleteGroupPolicy', { GroupName: 'Ops', PolicyName: 'a' });
    expect([error.code, error.message]).toEqual([
      'NoSuchEntity',
      'The group policy with name a cannot be found.',
    ]);
  });

  it('leaves the stored policy as it was when a put fails', async () => {
    await call('PutUserPolicy', { UserName: 'Alice', PolicyName: 'S3', PolicyDocument: doc('s3:*') });
    const malformed = await failure('PutUserPolicy', {
      UserName: 'Alice',
      PolicyName: 'S3',
      PolicyDocument: doc('s3:*').replace('"Allow"', '"allow"'),
    });
    expect(malformed.code).toBe('MalformedPolicyDocument');
    expect(malformed.message).toMatch(/\(line 5, column 17\)/);
    const huge = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: Array.from({ length: 200 }, (_, i) => `s3:Action${i}`), Resource: '*' },
      ],
    });
    const tooLarge = await failure('PutUserPolicy', {
      UserName: 'Alice',
      PolicyName: 'S3',
      PolicyDocument: huge,
    });
    expect(tooLarge.code).toBe('LimitExceeded');
    expect(tooLarge.message).toMatch(/^Maximum policy size of 2048 bytes exceeded for user Alice\. /);
    expect(await call('GetUserPolicy', { UserName: 'Alice', PolicyName: 'S3' })).toMatchObject({
      PolicyDocument: doc('s3:*'),
    });
  });
});
