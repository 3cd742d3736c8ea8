import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import { policySize } from '../policy/index.js';
import type { Store, Tx } from '../store/store.js';
import { IamError } from './errors.js';
import {
  deleteInlinePolicy,
  getInlinePolicy,
  listInlinePolicyNames,
  putInlinePolicy,
  type InlinePolicyHolder,
} from './inline-policies.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const alice: InlinePolicyHolder = { kind: 'user', name: 'alice' };
const admins: InlinePolicyHolder = { kind: 'group', name: 'Admins' };

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/policies/${name}.json`, import.meta.url), 'utf8');

/** A valid policy allowing `count` actions; its size grows by 16 characters an action. */
function policyOf(count: number, prefix = 'a'): string {
  const actions = Array.from({ length: count }, (_, i) => `s3:${prefix}${String(i).padStart(10, '0')}`);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
  });
}

let store: Store;
beforeEach(async () => {
  store = await testStore();
  const base = { account_id: TEST_ACCOUNT, path: '/', created_at: NOW.toISOString() };
  await store.db
    .insertInto('users')
    .values({
      ...base,
      id: 'AIDAALICE00000000000',
      name: 'alice',
      name_key: 'alice',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/alice`,
      permissions_boundary: null,
      password_last_used: null,
    })
    .execute();
  await store.db
    .insertInto('groups')
    .values({
      ...base,
      id: 'AGPAADMINS0000000000',
      name: 'Admins',
      name_key: 'admins',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:group/Admins`,
    })
    .execute();
});
afterEach(async () => {
  await store.close();
});

const run = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => store.transaction(work);

async function refusal(work: (tx: Tx) => Promise<unknown>): Promise<IamError> {
  try {
    await run(work);
  } catch (e) {
    if (e instanceof IamError) return e;
    throw e;
  }
  throw new Error('the operation succeeded');
}

const put = (holder: InlinePolicyHolder, name: string, document: string) =>
  run((tx) => putInlinePolicy(tx, TEST_ACCOUNT, holder, name, document));
const names = async (holder: InlinePolicyHolder) =>
  (await run((tx) => listInlinePolicyNames(tx, TEST_ACCOUNT, holder, {}))).items;
const documentOf = async (holder: InlinePolicyHolder, name: string) =>
  (await run((tx) => getInlinePolicy(tx, TEST_ACCOUNT, holder, name))).document;

describe('inline policies', () => {
  it('embeds, returns, lists and deletes policies of users and groups', async () => {
    const require = fixture('003-require-mfa');
    await put(alice, 'ForceMFA', require);
    await put(alice, 'b-extra', policyOf(1));
    await put(admins, 'ForceMFA', fixture('000-force-mfa'));
    expect(
      await run((tx) => getInlinePolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'ALICE' }, 'ForceMFA')),
    ).toEqual({
      holderName: 'alice',
      policyName: 'ForceMFA',
      document: require,
    });
    expect(await names(alice)).toEqual(['b-extra', 'ForceMFA']);
    expect(await names(admins)).toEqual(['ForceMFA']);
    await run((tx) => deleteInlinePolicy(tx, TEST_ACCOUNT, alice, 'ForceMFA'));
    expect(await names(alice)).toEqual(['b-extra']);
    expect(await names(admins)).toEqual(['ForceMFA']);
  });

  it('replaces the policy of the same name', async () => {
    await put(alice, 'P', policyOf(1, 'a'));
    await put(alice, 'P', policyOf(1, 'b'));
    expect(await names(alice)).toEqual(['P']);
    expect(await documentOf(alice, 'P')).toBe(policyOf(1, 'b'));
  });

  it('pages the names', async () => {
    for (const name of ['c', 'a', 'b']) await put(admins, name, policyOf(1));
    const first = await run((tx) => listInlinePolicyNames(tx, TEST_ACCOUNT, admins, { MaxItems: 2 }));
    expect([first.items, first.IsTruncated]).toEqual([['a', 'b'], true]);
    const rest = await run((tx) =>
      listInlinePolicyNames(tx, TEST_ACCOUNT, admins, { MaxItems: 2, Marker: first.Marker as string }),
    );
    expect([rest.items, rest.IsTruncated]).toEqual([['c'], false]);
  });

  it('answers NoSuchEntity for a policy the user or group does not have', async () => {
    await put(admins, 'P', policyOf(1));
    const user = await refusal((tx) => getInlinePolicy(tx, TEST_ACCOUNT, alice, 'P'));
    expect([user.code, user.message]).toEqual([
      'NoSuchEntity',
      'The user policy with name P cannot be found.',
    ]);
    const group = await refusal((tx) => deleteInlinePolicy(tx, TEST_ACCOUNT, admins, 'Q'));
    expect([group.code, group.message]).toEqual([
      'NoSuchEntity',
      'The group policy with name Q cannot be found.',
    ]);
    expect(await names(admins)).toEqual(['P']);
  });

  it('answers NoSuchEntity for a user or group that does not exist', async () => {
    const user = await refusal((tx) =>
      putInlinePolicy(tx, TEST_ACCOUNT, { kind: 'user', name: 'bob' }, 'P', policyOf(1)),
    );
    expect([user.code, user.message]).toEqual(['NoSuchEntity', 'The user with name bob cannot be found.']);
    const group = await refusal((tx) =>
      listInlinePolicyNames(tx, TEST_ACCOUNT, { kind: 'group', name: 'Ops' }, {}),
    );
    expect([group.code, group.message]).toEqual(['NoSuchEntity', 'The group with name Ops cannot be found.']);
  });

  it('refuses a malformed document with its line and column, and keeps what was there', async () => {
    await put(alice, 'ForceMFA', policyOf(1));
    const error = await refusal((tx) =>
      putInlinePolicy(tx, TEST_ACCOUNT, alice, 'ForceMFA', fixture('002-force-mfa')),
    );
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toMatch(
      /^Syntax errors in policy\. Statement\[3\]\.Action\[3\] \(line 50, column 9\): /,
    );
    expect(await documentOf(alice, 'ForceMFA')).toBe(policyOf(1));
  });
});

describe('the aggregate size of inline policies', () => {
  it("limits a user's inline policies to 2,048 characters together", async () => {
    const first = policyOf(60);
    const second = policyOf(70, 'b');
    expect(policySize(first)).toBeLessThan(2048);
    expect(policySize(first) + policySize(second)).toBeGreaterThan(2048);
    await put(alice, 'first', first);
    const error = await refusal((tx) => putInlinePolicy(tx, TEST_ACCOUNT, alice, 'second', second));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe(
      `Maximum policy size of 2048 bytes exceeded for user alice. Its inline policies would total ` +
        `${policySize(first) + policySize(second)} characters, not counting whitespace (2 policies); ` +
        'the limit applies to their sum.',
    );
    expect(await names(alice)).toEqual(['first']);
  });

  it('counts a replaced policy once, at its new size', async () => {
    await put(alice, 'p', policyOf(100));
    await put(alice, 'p', policyOf(110));
    expect(await documentOf(alice, 'p')).toBe(policyOf(110));
    const tooLarge = await refusal((tx) => putInlinePolicy(tx, TEST_ACCOUNT, alice, 'p', policyOf(130)));
    expect(tooLarge.message).toMatch(
      /^Maximum policy size of 2048 bytes exceeded for user alice\. .*\(1 policy\)/,
    );
    expect(await documentOf(alice, 'p')).toBe(policyOf(110));
  });

  it('lets the seeds of nearly 2,048 characters be a user inline policy', async () => {
    await put(alice, 'ForceMFA', fixture('000-force-mfa'));
    await put(alice, 'ForceMFA', fixture('001-enforce-mfa-console'));
    expect(policySize(fixture('001-enforce-mfa-console'))).toBe(2042);
    expect(await names(alice)).toEqual(['ForceMFA']);
  });

  it('does not count whitespace', async () => {
    const spacious = JSON.stringify(JSON.parse(policyOf(110)), null, 8);
    expect(spacious.length).toBeGreaterThan(2048);
    await put(alice, 'spacious', spacious);
    expect(await documentOf(alice, 'spacious')).toBe(spacious);
  });

  it("limits a group's inline policies to 5,120 characters together", async () => {
    await put(admins, 'a', policyOf(140, 'a'));
    await put(admins, 'b', policyOf(140, 'b'));
    const error = await refusal((tx) => putInlinePolicy(tx, TEST_ACCOUNT, admins, 'c', policyOf(30, 'c')));
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toMatch(
      /^Maximum policy size of 5120 bytes exceeded for group Admins\. Its inline policies would total \d+ characters/,
    );
    expect(await names(admins)).toEqual(['a', 'b']);
    await put(admins, 'c', policyOf(5, 'c'));
    expect(await names(admins)).toEqual(['a', 'b', 'c']);
  });
});
