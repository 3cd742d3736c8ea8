import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore } from '../../test/support/store.js';
import type { Store } from '../store/store.js';
import {
  ADDRESS_THROTTLE,
  USER_THROTTLE,
  addressKey,
  clearFailure,
  countFailure,
  delayAfter,
  userKey,
  waitBeforeAttempt,
} from './signin-throttle.js';

const T0 = new Date('2026-01-01T00:00:00Z');

describe('sign-in throttling', () => {
  let store: Store;
  beforeEach(async () => {
    store = await testStore();
  });
  afterEach(() => store.close());

  it('lets a few failures through, then doubles the wait up to a quarter of an hour', () => {
    expect([0, 1, 2].map((n) => delayAfter(n, USER_THROTTLE))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((n) => delayAfter(n, USER_THROTTLE))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter(40, USER_THROTTLE)).toBe(15 * 60_000);
    expect(delayAfter(19, ADDRESS_THROTTLE)).toBe(0);
    expect(delayAfter(20, ADDRESS_THROTTLE)).toBe(1000);
  });

  it('makes no one wait while failures are free, even one counted after the request’s clock was read', async () => {
    // Two requests at once: the later one's failure is committed before the earlier one checks.
    const address = addressKey('192.0.2.9');
    await countFailure(store.db, [address], new Date(T0.getTime() + 50));
    expect(await waitBeforeAttempt(store.db, [[address, ADDRESS_THROTTLE]], T0)).toBe(0);
    const user = userKey('123456789012', 'carol');
    for (let i = 0; i < 3; i++) await countFailure(store.db, [user], new Date(T0.getTime() + 50));
    expect(await waitBeforeAttempt(store.db, [[user, USER_THROTTLE]], T0)).toBe(1050);
  });

  it('counts per user name and per address, and the longest wait applies', async () => {
    const user = userKey('123456789012', 'Alice');
    const address = addressKey('192.0.2.1');
    expect(user).toBe(userKey('123456789012', 'alice'));
    for (let i = 0; i < 4; i++) await countFailure(store.db, [user, address], T0);
    const keys = [
      [user, USER_THROTTLE],
      [address, ADDRESS_THROTTLE],
    ] as const;
    expect(await waitBeforeAttempt(store.db, keys, T0)).toBe(2000);
    expect(await waitBeforeAttempt(store.db, keys, new Date(T0.getTime() + 2000))).toBeLessThanOrEqual(0);
    // Many names from one address: the address alone is slowed down.
    for (let i = 0; i < 20; i++)
      await countFailure(store.db, [userKey('123456789012', `u${i}`), address], T0);
    const other = userKey('123456789012', 'bob');
    expect(
      await waitBeforeAttempt(
        store.db,
        [
          [other, USER_THROTTLE],
          [address, ADDRESS_THROTTLE],
        ],
        T0,
      ),
    ).toBe(16_000);
    await clearFailure(store.db, user);
    expect(await waitBeforeAttempt(store.db, [[user, USER_THROTTLE]], T0)).toBe(0);
  });
});
