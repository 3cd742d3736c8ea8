import { iamFailure } from '../../../test/support/errors.js';
import { testCallContext, testCaller } from '../../../test/support/caller.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../../test/support/store.js';
import type { Store } from '../../store/store.js';
import type { Operations } from '../operation.js';
import { groupsOperations } from './groups.js';
import { usersOperations } from './users.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
let store: Store;

beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => {
  await store.close();
});

function call(
  name: string,
  input: Record<string, unknown> = {},
): Promise<Record<string, unknown> | undefined> {
  const operations: Operations = { ...usersOperations, ...groupsOperations };
  const handler = operations[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  const caller = testCaller(`arn:aws:iam::${TEST_ACCOUNT}:root`);
  return handler(input, testCallContext(store, { caller, now: NOW }));
}

const group = (name: string, path = '/') => ({
  Path: path,
  GroupName: name,
  GroupId: expect.stringMatching(/^AGPA[A-Z2-7]{17}$/),
  Arn: `arn:aws:iam::${TEST_ACCOUNT}:group${path}${name}`,
  CreateDate: '2024-05-01T12:00:00.000Z',
});

describe('groups', () => {
  it('CreateGroup answers with the Group structure', async () => {
    expect(await call('CreateGroup', { GroupName: 'Admins', Path: '/ops/' })).toEqual({
      Group: group('Admins', '/ops/'),
    });
  });

  it('GetGroup answers with the group and its members as listed users', async () => {
    await call('CreateGroup', { GroupName: 'devs' });
    await call('CreateUser', { UserName: 'ann', Tags: [{ Key: 'k', Value: 'v' }] });
    await call('CreateUser', { UserName: 'ben' });
    expect(await call('AddUserToGroup', { GroupName: 'devs', UserName: 'ann' })).toBeUndefined();
    await call('AddUserToGroup', { GroupName: 'devs', UserName: 'ben' });
    expect(await call('GetGroup', { GroupName: 'devs' })).toEqual({
      Group: group('devs'),
      Users: [
        {
          Path: '/',
          UserName: 'ann',
          UserId: expect.stringMatching(/^AIDA/),
          Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ann`,
          CreateDate: '2024-05-01T12:00:00.000Z',
        },
        expect.objectContaining({ UserName: 'ben' }),
      ],
      IsTruncated: false,
    });
    const first = await call('GetGroup', { GroupName: 'devs', MaxItems: 1 });
    expect(first).toMatchObject({ IsTruncated: true, Marker: expect.any(String) });
    const rest = await call('GetGroup', { GroupName: 'devs', Marker: first?.Marker });
    expect(rest).toMatchObject({ Users: [expect.objectContaining({ UserName: 'ben' })], IsTruncated: false });
  });

  it('ListGroups and ListGroupsForUser answer with Groups', async () => {
    await call('CreateGroup', { GroupName: 'b' });
    await call('CreateGroup', { GroupName: 'a' });
    await call('CreateUser', { UserName: 'u' });
    await call('AddUserToGroup', { GroupName: 'b', UserName: 'u' });
    expect(await call('ListGroups')).toEqual({ Groups: [group('a'), group('b')], IsTruncated: false });
    expect(await call('ListGroups', { MaxItems: 1 })).toEqual({
      Groups: [group('a')],
      IsTruncated: true,
      Marker: expect.any(String),
    });
    expect(await call('ListGroupsForUser', { UserName: 'u' })).toEqual({
      Groups: [group('b')],
      IsTruncated: false,
    });
    expect(await call('RemoveUserFromGroup', { GroupName: 'b', UserName: 'u' })).toBeUndefined();
    expect(await call('ListGroupsForUser', { UserName: 'u' })).toEqual({ Groups: [], IsTruncated: false });
  });

  it('UpdateGroup and DeleteGroup answer with no output', async () => {
    await call('CreateGroup', { GroupName: 'old' });
    expect(
      await call('UpdateGroup', { GroupName: 'old', NewGroupName: 'new', NewPath: '/n/' }),
    ).toBeUndefined();
    expect(await call('GetGroup', { GroupName: 'new' })).toMatchObject({ Group: group('new', '/n/') });
    expect(await call('DeleteGroup', { GroupName: 'new' })).toBeUndefined();
    expect(await iamFailure(call('GetGroup', { GroupName: 'new' }))).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name new cannot be found.',
    });
  });
});
