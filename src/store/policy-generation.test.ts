import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTestUser, TEST_ACCOUNT, testStore } from '../../test/support/store.js';
import { policyGeneration } from './policy-generation.js';
import type { Store } from './store.js';

describe('the policy generation', () => {
  let store: Store;
  beforeEach(async () => {
    store = await testStore();
  });
  afterEach(() => store.close());

  /** Runs a write and says whether the generation moved. */
  async function bumps(write: () => Promise<unknown>): Promise<boolean> {
    const before = await policyGeneration(store.db);
    await write();
    return (await policyGeneration(store.db)) !== before;
  }

  it('moves on every write that can change a principal’s policies, and only then', async () => {
    const db = store.db;
    const user = await insertTestUser(db, 'alice');
    const now = new Date().toISOString();
    const group = {
      id: 'AGPAGROUP000000000000',
      account_id: TEST_ACCOUNT,
      name: 'g',
      name_key: 'g',
      path: '/',
      arn: 'arn:aws:iam::123456789012:group/g',
      created_at: now,
    };
    const policy = {
      id: 'ANPAPOLICY00000000000',
      account_id: TEST_ACCOUNT,
      name: 'p',
      name_key: 'p',
      path: '/',
      arn: 'arn:aws:iam::123456789012:policy/p',
      description: null,
      default_version: 'v1',
      next_version: 2,
      created_at: now,
      updated_at: now,
    };
    const doc = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}';

    // Not about policies: a group of its own, a tag, an access key.
    expect(await bumps(() => db.insertInto('groups').values(group).execute())).toBe(false);
    expect(
      await bumps(() =>
        db.insertInto('tags').values({ resource_id: user.id, key: 'k', value: 'v' }).execute(),
      ),
    ).toBe(false);

    expect(
      await bumps(() =>
        db.insertInto('group_members').values({ group_id: group.id, user_id: user.id }).execute(),
      ),
    ).toBe(true);
    expect(await bumps(() => db.insertInto('policies').values(policy).execute())).toBe(true);
    expect(
      await bumps(() =>
        db
          .insertInto('policy_versions')
          .values({ policy_id: policy.id, version_id: 'v1', document: doc, created_at: now })
          .execute(),
      ),
    ).toBe(true);
    expect(await bumps(() => db.updateTable('policies').set({ default_version: 'v2' }).execute())).toBe(true);
    expect(
      await bumps(() =>
        db
          .insertInto('attachments')
          .values({
            account_id: TEST_ACCOUNT,
            principal_kind: 'user',
            principal_id: user.id,
            policy_arn: policy.arn,
          })
          .execute(),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db
          .insertInto('inline_policies')
          .values({ principal_kind: 'group', principal_id: group.id, name: 'i', document: doc })
          .execute(),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db
          .updateTable('inline_policies')
          .set({ document: doc.replace('Allow', 'Deny') })
          .execute(),
      ),
    ).toBe(true);
    expect(
      await bumps(() => db.updateTable('users').set({ permissions_boundary: policy.arn }).execute()),
    ).toBe(true);
    expect(await bumps(() => db.deleteFrom('attachments').execute())).toBe(true);
    expect(await bumps(() => db.deleteFrom('group_members').execute())).toBe(true);
    // Renaming a user changes no policy.
    expect(await bumps(() => db.updateTable('users').set({ path: '/x/' }).execute())).toBe(false);
  });
});
