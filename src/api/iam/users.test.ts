import { iamFailure } from '../../../test/support/errors.js';
import { testCallContext, testCaller } from '../../../test/support/caller.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../../test/support/store.js';
import type { Store } from '../../store/store.js';
import type { Caller, OperationHandler } from '../operation.js';
import { usersOperations } from './users.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const ALICE: Caller = testCaller(`arn:aws:iam::${TEST_ACCOUNT}:user/alice`, { userName: 'alice' });
const ROOT: Caller = testCaller(`arn:aws:iam::${TEST_ACCOUNT}:root`);
const ROLE: Caller = testCaller(`arn:aws:sts::${TEST_ACCOUNT}:assumed-role/Ops/s`);
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
  caller: Caller = ROOT,
): Promise<Record<string, unknown> | undefined> {
  const handler: OperationHandler | undefined = usersOperations[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(input, testCallContext(store, { caller, now: NOW }));
}

const arn = (name: string, path = '/') => `arn:aws:iam::${TEST_ACCOUNT}:user${path}${name}`;

describe('CreateUser', () => {
  it('answers with the User structure, tags and boundary included', async () => {
    const output = await call('CreateUser', {
      UserName: 'alice',
      Path: '/eng/',
      PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    expect(output).toEqual({
      User: {
        Path: '/eng/',
        UserName: 'alice',
        UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
        Arn: arn('alice', '/eng/'),
        CreateDate: '2024-05-01T12:00:00.000Z',
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
        },
        Tags: [{ Key: 'team', Value: 'blue' }],
      },
    });
  });

  it('leaves out Tags and PermissionsBoundary when there are none', async () => {
    const output = await call('CreateUser', { UserName: 'bob' });
    expect(Object.keys((output as { User: object }).User).sort()).toEqual([
      'Arn',
      'CreateDate',
      'Path',
      'UserId',
      'UserName',
    ]);
  });

  it('writes nothing when any part fails: a bad tag list undoes the user it follows', async () => {
    const attempt = call('CreateUser', {
      UserName: 'carol',
      Tags: [
        { Key: 'ok', Value: '1' },
        { Key: 'OK', Value: '2' },
      ],
    });
    expect((await iamFailure(attempt)).code).toBe('InvalidInput');
    expect(await store.db.selectFrom('users').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('tags').selectAll().execute()).toEqual([]);
    // The name was never taken.
    await expect(call('CreateUser', { UserName: 'carol' })).resolves.toBeDefined();
  });
});

describe('GetUser', () => {
  beforeEach(async () => {
    await call('CreateUser', {
      UserName: 'alice',
      PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      Tags: [{ Key: 'k', Value: 'v' }],
    });
  });

  const alice = {
    Path: '/',
    UserName: 'alice',
    UserId: expect.stringMatching(/^AIDA/),
    Arn: arn('alice'),
    CreateDate: '2024-05-01T12:00:00.000Z',
    PermissionsBoundary: {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    },
    Tags: [{ Key: 'k', Value: 'v' }],
  };

  it('describes the named user with its boundary and tags', async () => {
    expect(await call('GetUser', { UserName: 'ALICE' }, ROLE)).toEqual({ User: alice });
  });

  it("describes the caller's own user when no name is given", async () => {
    expect(await call('GetUser', {}, ALICE)).toEqual({ User: alice });
  });

  it('shows PasswordLastUsed once the user has signed in', async () => {
    await store.db.updateTable('users').set({ password_last_used: '2024-06-01T00:00:00.000Z' }).execute();
    const output = (await call('GetUser', { UserName: 'alice' })) as { User: Record<string, unknown> };
    expect(output.User.PasswordLastUsed).toBe('2024-06-01T00:00:00.000Z');
  });

  it('describes the root user to the root, by account id and ARN', async () => {
    const account = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(await call('GetUser', {}, ROOT)).toEqual({
      User: { UserId: TEST_ACCOUNT, Arn: ROOT.arn, CreateDate: account.created_at },
    });
  });

  it('asks a role session to name a user', async () => {
    expect(await iamFailure(call('GetUser', {}, ROLE))).toEqual({
      code: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
    });
  });

  it('says NoSuchEntity for an unknown user', async () => {
    expect(await iamFailure(call('GetUser', { UserName: 'zed' }))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name zed cannot be found.',
    });
  });
});

describe('UpdateUser, DeleteUser', () => {
  it('renames and moves, then deletes, answering with no output', async () => {
    await call('CreateUser', { UserName: 'dan' });
    expect(
      await call('UpdateUser', { UserName: 'dan', NewUserName: 'daniel', NewPath: '/x/' }),
    ).toBeUndefined();
    const output = (await call('GetUser', { UserName: 'daniel' })) as { User: Record<string, unknown> };
    expect(output.User).toMatchObject({ UserName: 'daniel', Path: '/x/', Arn: arn('daniel', '/x/') });
    expect(await call('DeleteUser', { UserName: 'daniel' })).toBeUndefined();
    expect((await iamFailure(call('GetUser', { UserName: 'daniel' }))).code).toBe('NoSuchEntity');
  });
});

describe('ListUsers', () => {
  beforeEach(async () => {
    for (const name of ['c', 'a', 'b']) {
      await call('CreateUser', {
        UserName: name,
        PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        Tags: [{ Key: 'k', Value: 'v' }],
      });
    }
  });

  it('lists users without their boundary or tags, not truncated', async () => {
    const output = (await call('ListUsers')) as { Users: Record<string, unknown>[]; IsTruncated: boolean };
    expect(output.IsTruncated).toBe(false);
    expect(output).not.toHaveProperty('Marker');
    expect(output.Users.map((u) => u.UserName)).toEqual(['a', 'b', 'c']);
    expect(output.Users[0]).toEqual({
      Path: '/',
      UserName: 'a',
      UserId: expect.stringMatching(/^AIDA/),
      Arn: arn('a'),
      CreateDate: '2024-05-01T12:00:00.000Z',
    });
  });

  it('gives a Marker for the rest when truncated', async () => {
    const first = (await call('ListUsers', { MaxItems: 2 })) as {
      Users: { UserName: string }[];
      Marker: string;
    };
    expect(first).toMatchObject({ IsTruncated: true, Marker: expect.any(String) });
    const rest = (await call('ListUsers', { MaxItems: 2, Marker: first.Marker })) as {
      Users: { UserName: string }[];
    };
    expect(rest.Users.map((u) => u.UserName)).toEqual(['c']);
    expect(rest).toMatchObject({ IsTruncated: false });
  });

  it('filters by PathPrefix', async () => {
    await call('CreateUser', { UserName: 'd', Path: '/ops/' });
    const output = (await call('ListUsers', { PathPrefix: '/ops/' })) as { Users: { UserName: string }[] };
    expect(output.Users.map((u) => u.UserName)).toEqual(['d']);
  });
});

describe('TagUser, UntagUser, ListUserTags', () => {
  it('tags, lists and untags a user', async () => {
    await call('CreateUser', { UserName: 'eve' });
    expect(await call('ListUserTags', { UserName: 'eve' })).toEqual({ Tags: [], IsTruncated: false });
    expect(
      await call('TagUser', {
        UserName: 'eve',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    ).toBeUndefined();
    expect(await call('ListUserTags', { UserName: 'eve', MaxItems: 1 })).toEqual({
      Tags: [{ Key: 'a', Value: '1' }],
      IsTruncated: true,
      Marker: expect.any(String),
    });
    expect(await call('UntagUser', { UserName: 'eve', TagKeys: ['A'] })).toBeUndefined();
    expect(await call('ListUserTags', { UserName: 'eve' })).toEqual({
      Tags: [{ Key: 'b', Value: '2' }],
      IsTruncated: false,
    });
  });

  it('leaves the tags as they were when TagUser would break the limit', async () => {
    await call('CreateUser', { UserName: 'fay' });
    const tags = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: '' }));
    await call('TagUser', { UserName: 'fay', Tags: tags(0, 40) });
    expect(
      await iamFailure(
        call('TagUser', { UserName: 'fay', Tags: [{ Key: 'k0', Value: 'new' }, ...tags(40, 11)] }),
      ),
    ).toEqual({ code: 'LimitExceeded', message: 'Cannot exceed quota for TagsPerUser: 50' });
    const output = (await call('ListUserTags', { UserName: 'fay' })) as {
      Tags: { Key: string; Value: string }[];
    };
    expect(output.Tags).toHaveLength(40);
    expect(output.Tags[0]).toEqual({ Key: 'k0', Value: '' });
  });
});
