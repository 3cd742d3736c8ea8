import { describe, expect, it } from 'vitest';
import {
  characterClasses,
  generatePassword,
  hashPassword,
  PASSWORD_SYMBOLS,
  verifyAgainstNothing,
  verifyPasswordHash,
} from './passwords.js';

describe('password hashes', () => {
  it('are argon2id with OWASP parameters, salted, and verify only the right password', async () => {
    const a = await hashPassword('Correct-Horse-9');
    const b = await hashPassword('Correct-Horse-9');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toContain('Correct-Horse-9');
    expect(a).not.toBe(b);
    expect(await verifyPasswordHash(a, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPasswordHash(b, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPasswordHash(a, 'correct-Horse-9')).toBe(false);
    expect(await verifyPasswordHash(a, '')).toBe(false);
  });

  it('treat a malformed stored hash as a mismatch, not an exception', async () => {
    expect(await verifyPasswordHash('not a hash', 'x')).toBe(false);
    expect(await verifyPasswordHash('$argon2id$v=19$m=19456,t=2,p=1$broken', 'x')).toBe(false);
  });

  it('are computed off the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await Promise.all([hashPassword('a'), hashPassword('b'), hashPassword('c'), hashPassword('d')]);
    } finally {
      clearInterval(timer);
    }
    // Four 19 MiB argon2 computations take tens of milliseconds; a blocked loop would not tick.
    expect(ticks).toBeGreaterThan(2);
  });

  it('can be checked against nothing, spending the time of a real check', async () => {
    await verifyAgainstNothing('warm up the dummy hash');
    const realHash = await hashPassword('p');
    // The fastest of three runs each, so a scheduling hiccup cannot make either side look slow.
    const time = async (f: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        await f();
        runs.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return Math.min(...runs);
    };
    const real = await time(() => verifyPasswordHash(realHash, 'wrong'));
    const dummy = await time(() => verifyAgainstNothing('wrong'));
    expect(await verifyAgainstNothing('p')).toBe(false);
    // Same order of magnitude: not a free early return.
    expect(dummy).toBeGreaterThan(real / 4);
  });
});

describe('characterClasses', () => {
  it('finds IAM character classes, counting only IAM symbols as symbols', () => {
    expect([...characterClasses('aZ9!')].sort()).toEqual(['lowercase', 'number', 'symbol', 'uppercase']);
    expect([...characterClasses('abc')]).toEqual(['lowercase']);
    expect([...characterClasses('~`"<>?/.,;: \t')]).toEqual([]);
    expect([...characterClasses(PASSWORD_SYMBOLS)]).toEqual(['symbol']);
    expect([...characterClasses('é')]).toEqual([]);
  });
});

describe('generatePassword', () => {
  it('makes passwords with every character class, at least 20 characters or the minimum asked', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(20);
      expect(characterClasses(p).size).toBe(4);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(generatePassword(64)).toHaveLength(64);
    expect(generatePassword(500)).toHaveLength(128);
  });

  it('does not always put the guaranteed characters first', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 50; i++) firsts.add([...characterClasses(generatePassword().slice(0, 1))].join());
    expect(firsts.size).toBeGreaterThan(1);
  });
});
