import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore } from '../../test/support/store.js';
import type { Store } from '../store/store.js';
import { IamError } from './errors.js';
import { checkNewTags, removeTags, setTags, tagsOf, TAGS_PER_ENTITY } from './tags.js';

let store: Store;

beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => {
  await store.close();
});

function failure(work: () => void): { code: string; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof IamError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an IamError');
}

describe('checkNewTags', () => {
  it('accepts distinct keys, empty values and aws inside a key', () => {
    expect(() =>
      checkNewTags([
        { Key: 'a', Value: '' },
        { Key: 'b', Value: 'x' },
        { Key: 'my-aws:key', Value: 'y' },
      ]),
    ).not.toThrow();
  });

  it('refuses keys that differ only in case', () => {
    expect(
      failure(() =>
        checkNewTags([
          { Key: 'Project', Value: '1' },
          { Key: 'PROJECT', Value: '2' },
        ]),
      ),
    ).toEqual({
      code: 'InvalidInput',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
  });

  it.each(['aws:foo', 'AWS:foo', 'Aws:'])('refuses the reserved prefix in %s', (Key) => {
    expect(failure(() => checkNewTags([{ Key, Value: 'v' }]))).toEqual({
      code: 'InvalidInput',
      message: "Tag keys starting with 'aws:' are reserved for internal use.",
    });
  });
});

describe('setTags', () => {
  const id = 'AIDAEXAMPLEEXAMPLE123';

  it('names the quota after the entity', async () => {
    const tags = Array.from({ length: TAGS_PER_ENTITY + 1 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    const error = await store.transaction((tx) => setTags(tx, id, tags, 'Role')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IamError);
    expect((error as IamError).message).toBe('Cannot exceed quota for TagsPerRole: 50');
    expect(await store.transaction((tx) => tagsOf(tx, id))).toEqual([]);
  });

  it('keeps tags of different entities apart', async () => {
    await store.transaction((tx) => setTags(tx, id, [{ Key: 'k', Value: '1' }], 'User'));
    await store.transaction((tx) => setTags(tx, 'AIDAOTHER', [{ Key: 'K', Value: '2' }], 'User'));
    await store.transaction((tx) => removeTags(tx, 'AIDAOTHER', ['k']));
    expect(await store.transaction((tx) => tagsOf(tx, id))).toEqual([{ Key: 'k', Value: '1' }]);
    expect(await store.transaction((tx) => tagsOf(tx, 'AIDAOTHER'))).toEqual([]);
  });
});
