import { testCallContext, testCaller } from '../../../test/support/caller.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, testStore } from '../../../test/support/store.js';
import { IamError } from '../../iam/errors.js';
import type { Store } from '../../store/store.js';
import { accountOperations } from './account.js';

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
  const handler = accountOperations[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(input, testCallContext(store, { caller: testCaller(`arn:aws:iam::${TEST_ACCOUNT}:root`) }));
}

describe('account operations', () => {
  it('creates, lists and deletes the alias', async () => {
    expect(await call('ListAccountAliases')).toEqual({ AccountAliases: [], IsTruncated: false });
    expect(await call('CreateAccountAlias', { AccountAlias: 'examplecorp' })).toBeUndefined();
    expect(await call('ListAccountAliases')).toEqual({ AccountAliases: ['examplecorp'], IsTruncated: false });
    expect(await call('DeleteAccountAlias', { AccountAlias: 'examplecorp' })).toBeUndefined();
    expect(await call('ListAccountAliases')).toEqual({ AccountAliases: [], IsTruncated: false });
  });

  it('passes on domain errors', async () => {
    const error = await call('DeleteAccountAlias', { AccountAlias: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IamError);
    expect(error).toMatchObject({ code: 'NoSuchEntity', message: 'The account alias nope cannot be found.' });
  });

  it('answers GetAccountSummary with SummaryMap as a plain object of numbers', async () => {
    const output = await call('GetAccountSummary');
    const map = output?.SummaryMap as Record<string, unknown>;
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(map).toMatchObject({ Users: 0, UsersQuota: 5000, GroupsPerUserQuota: 10, AccountMFAEnabled: 0 });
    expect(Object.values(map).every((value) => Number.isInteger(value))).toBe(true);
  });
});
