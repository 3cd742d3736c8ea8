import { iamFailure } from '../../test/support/errors.js';
import { after } from '../../test/support/pagination.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import { findGroup } from '../store/principals.js';
import type { Store, Tx } from '../store/store.js';
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
  updateGroup,
} from './groups.js';
import { createUser, deleteUser, updateUser } from './users.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
let store: Store;

beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => {
  await store.close();
});

const run = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => store.transaction(work);

const group = (groupName: string, path?: string) =>
  run((tx) => createGroup(tx, TEST_ACCOUNT, { groupName, ...(path !== undefined && { path }) }, NOW));
const user = (userName: string) => run((tx) => createUser(tx, TEST_ACCOUNT, { userName }, NOW));
const join = (groupName: string, userName: string) =>
  run((tx) => addUserToGroup(tx, TEST_ACCOUNT, groupName, userName));
const members = async (groupName: string) =>
  (await run((tx) => getGroup(tx, TEST_ACCOUNT, groupName, {}))).users.items.map((u) => u.name);
const groupsOf = async (userName: string) =>
  (await run((tx) => listGroupsForUser(tx, TEST_ACCOUNT, userName, {}))).items.map((g) => g.name);

describe('createGroup', () => {
  it('creates a group under / with an AGPA id and its ARN', async () => {
    const admins = await group('Admins');
    expect(admins).toMatchObject({
      account_id: TEST_ACCOUNT,
      name: 'Admins',
      name_key: 'admins',
      path: '/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:group/Admins`,
      created_at: '2024-05-01T12:00:00.000Z',
    });
    expect(admins.id).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'ADMINS'))).toEqual(admins);
  });

  it('puts the path into the ARN', async () => {
    expect((await group('devs', '/eng/')).arn).toBe(`arn:aws:iam::${TEST_ACCOUNT}:group/eng/devs`);
  });

  it('refuses a name already taken, without regard to case', async () => {
    await group('Ops');
    expect(await iamFailure(group('OPS'))).toEqual({
      code: 'EntityAlreadyExists',
      message: 'Group with name OPS already exists.',
    });
  });

  it('stops at 300 groups per account', async () => {
    await store.db
      .insertInto('groups')
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          id: `AGPA${String(i).padStart(17, '0')}`,
          account_id: TEST_ACCOUNT,
          name: `g${i}`,
          name_key: `g${i}`,
          path: '/',
          arn: `arn:aws:iam::${TEST_ACCOUNT}:group/g${i}`,
          created_at: NOW.toISOString(),
        })),
      )
      .execute();
    expect(await iamFailure(group('extra'))).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for GroupsPerAccount: 300',
    });
  });
});

describe('getGroup', () => {
  it('returns the group and its members in the order they joined', async () => {
    const g = await group('team');
    for (const name of ['zed', 'amy', 'Max']) {
      await user(name);
      await join('team', name);
    }
    const { group: found, users } = await run((tx) => getGroup(tx, TEST_ACCOUNT, 'TEAM', {}));
    expect(found).toEqual(g);
    expect(users.items.map((u) => u.name)).toEqual(['zed', 'amy', 'Max']);
    expect(users.IsTruncated).toBe(false);
  });

  it('pages the members', async () => {
    await group('team');
    for (const name of ['a', 'b', 'c']) {
      await user(name);
      await join('team', name);
    }
    const first = await run((tx) => getGroup(tx, TEST_ACCOUNT, 'team', { MaxItems: 2 }));
    expect(first.users.items.map((u) => u.name)).toEqual(['a', 'b']);
    expect(first.users.IsTruncated).toBe(true);
    const rest = await run((tx) => getGroup(tx, TEST_ACCOUNT, 'team', after(first.users)));
    expect(rest.users.items.map((u) => u.name)).toEqual(['c']);
    expect(rest.users.IsTruncated).toBe(false);
  });

  it('says NoSuchEntity for an unknown group', async () => {
    expect(await iamFailure(run((tx) => getGroup(tx, TEST_ACCOUNT, 'ghosts', {})))).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name ghosts cannot be found.',
    });
  });
});

describe('updateGroup', () => {
  it('renames a group: ARN follows, members stay', async () => {
    const g = await group('old', '/x/');
    await user('u');
    await join('old', 'u');
    await run((tx) => updateGroup(tx, TEST_ACCOUNT, 'OLD', { newGroupName: 'New' }));
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'old'))).toBeUndefined();
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'new'))).toMatchObject({
      id: g.id,
      name: 'New',
      name_key: 'new',
      path: '/x/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:group/x/New`,
    });
    expect(await members('new')).toEqual(['u']);
  });

  it('moves a group to a new path', async () => {
    await group('g');
    await run((tx) => updateGroup(tx, TEST_ACCOUNT, 'g', { newPath: '/y/' }));
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'g'))).toMatchObject({
      path: '/y/',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:group/y/g`,
    });
  });

  it("refuses another group's name, in any case", async () => {
    await group('a');
    await group('b');
    expect(await iamFailure(run((tx) => updateGroup(tx, TEST_ACCOUNT, 'a', { newGroupName: 'B' })))).toEqual({
      code: 'EntityAlreadyExists',
      message: 'Group with name B already exists.',
    });
  });

  it('says NoSuchEntity for an unknown group', async () => {
    expect(
      await iamFailure(run((tx) => updateGroup(tx, TEST_ACCOUNT, 'ghosts', { newPath: '/z/' }))),
    ).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name ghosts cannot be found.',
    });
  });
});

describe('deleteGroup', () => {
  it('deletes an empty group', async () => {
    await group('gone');
    await run((tx) => deleteGroup(tx, TEST_ACCOUNT, 'GONE'));
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'gone'))).toBeUndefined();
  });

  it('says NoSuchEntity for an unknown group', async () => {
    expect(await iamFailure(run((tx) => deleteGroup(tx, TEST_ACCOUNT, 'ghosts')))).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name ghosts cannot be found.',
    });
  });

  const dependents: [string, string, (groupId: string) => Promise<unknown>][] = [
    [
      'members',
      'Cannot delete entity, must remove users from group first.',
      async () => {
        await user('member');
        await join('busy', 'member');
      },
    ],
    [
      'an inline policy',
      'Cannot delete entity, must delete policies first.',
      (id) =>
        store.db
          .insertInto('inline_policies')
          .values({ principal_kind: 'group', principal_id: id, name: 'p', document: '{}' })
          .execute(),
    ],
    [
      'an attached policy',
      'Cannot delete entity, must detach all policies first.',
      (id) =>
        store.db
          .insertInto('attachments')
          .values({
            account_id: TEST_ACCOUNT,
            principal_kind: 'group',
            principal_id: id,
            policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          })
          .execute(),
    ],
  ];

  it.each(dependents)('refuses while the group has %s', async (_kind, message, insert) => {
    const g = await group('busy');
    await insert(g.id);
    expect(await iamFailure(run((tx) => deleteGroup(tx, TEST_ACCOUNT, 'busy')))).toEqual({
      code: 'DeleteConflict',
      message,
    });
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'busy'))).toEqual(g);
  });

  it("is not blocked by a user's policies", async () => {
    const g = await group('free');
    await store.db
      .insertInto('attachments')
      .values({
        account_id: TEST_ACCOUNT,
        principal_kind: 'user',
        principal_id: g.id,
        policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      })
      .execute();
    await run((tx) => deleteGroup(tx, TEST_ACCOUNT, 'free'));
    expect(await run((tx) => findGroup(tx, TEST_ACCOUNT, 'free'))).toBeUndefined();
  });
});

describe('listGroups', () => {
  beforeEach(async () => {
    await group('delta');
    await group('Alpha', '/eng/');
    await group('charlie', '/eng/web/');
    await group('bravo', '/ops/');
  });

  it('lists groups in name order, without regard to case', async () => {
    const page = await run((tx) => listGroups(tx, TEST_ACCOUNT, {}));
    expect(page.items.map((g) => g.name)).toEqual(['Alpha', 'bravo', 'charlie', 'delta']);
    expect(page.IsTruncated).toBe(false);
  });

  it('filters by path prefix', async () => {
    const page = await run((tx) => listGroups(tx, TEST_ACCOUNT, { PathPrefix: '/eng/' }));
    expect(page.items.map((g) => g.name)).toEqual(['Alpha', 'charlie']);
  });

  it('pages with MaxItems and Marker', async () => {
    const first = await run((tx) => listGroups(tx, TEST_ACCOUNT, { MaxItems: 3 }));
    expect(first.items.map((g) => g.name)).toEqual(['Alpha', 'bravo', 'charlie']);
    expect(first.IsTruncated).toBe(true);
    const rest = await run((tx) => listGroups(tx, TEST_ACCOUNT, { MaxItems: 3, ...after(first) }));
    expect(rest.items.map((g) => g.name)).toEqual(['delta']);
    expect(rest.IsTruncated).toBe(false);
  });
});

describe('membership', () => {
  it('adds a user to groups, by names in any case', async () => {
    await group('b-team');
    await group('a-team');
    await user('Uma');
    await join('B-TEAM', 'uma');
    await join('a-team', 'UMA');
    expect(await groupsOf('uma')).toEqual(['b-team', 'a-team']);
    expect(await members('b-team')).toEqual(['Uma']);
  });

  it('adds a member again without error or duplicate', async () => {
    await group('g');
    await user('u');
    await join('g', 'u');
    await join('g', 'u');
    expect(await members('g')).toEqual(['u']);
  });

  it('stops a user at 10 groups, but re-adding at the limit is fine', async () => {
    await user('busy');
    for (let i = 0; i < 11; i++) await group(`g${i}`);
    for (let i = 0; i < 10; i++) await join(`g${i}`, 'busy');
    await join('g3', 'busy');
    expect(await iamFailure(join('g10', 'busy'))).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for GroupsPerUser: 10',
    });
    expect(await groupsOf('busy')).toHaveLength(10);
  });

  it('says NoSuchEntity for an unknown user or group', async () => {
    await group('g');
    await user('u');
    expect(await iamFailure(join('g', 'ghost'))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
    expect(await iamFailure(join('ghosts', 'u'))).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name ghosts cannot be found.',
    });
    expect(await iamFailure(run((tx) => removeUserFromGroup(tx, TEST_ACCOUNT, 'g', 'ghost')))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
    expect(await iamFailure(run((tx) => removeUserFromGroup(tx, TEST_ACCOUNT, 'ghosts', 'u')))).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name ghosts cannot be found.',
    });
    expect(await iamFailure(groupsOf('ghost'))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('removes a member, and removing a non-member is not an error', async () => {
    await group('g');
    await user('u');
    await user('v');
    await join('g', 'u');
    await join('g', 'v');
    await run((tx) => removeUserFromGroup(tx, TEST_ACCOUNT, 'G', 'U'));
    expect(await members('g')).toEqual(['v']);
    await run((tx) => removeUserFromGroup(tx, TEST_ACCOUNT, 'g', 'u'));
    expect(await members('g')).toEqual(['v']);
  });

  it('keeps memberships across a user rename, and lets the user go once removed', async () => {
    await group('g');
    await user('before');
    await join('g', 'before');
    await run((tx) => updateUser(tx, TEST_ACCOUNT, 'before', { newUserName: 'after' }));
    expect(await members('g')).toEqual(['after']);
    await run((tx) => removeUserFromGroup(tx, TEST_ACCOUNT, 'g', 'after'));
    await run((tx) => deleteUser(tx, TEST_ACCOUNT, 'after'));
    expect(await members('g')).toEqual([]);
  });

  it('pages the groups of a user', async () => {
    await user('u');
    for (const name of ['x', 'y', 'z']) {
      await group(name);
      await join(name, 'u');
    }
    const first = await run((tx) => listGroupsForUser(tx, TEST_ACCOUNT, 'u', { MaxItems: 1 }));
    expect(first.items.map((g) => g.name)).toEqual(['x']);
    expect(first.IsTruncated).toBe(true);
    const rest = await run((tx) => listGroupsForUser(tx, TEST_ACCOUNT, 'u', after(first)));
    expect(rest.items.map((g) => g.name)).toEqual(['y', 'z']);
    expect(rest.IsTruncated).toBe(false);
  });
});
