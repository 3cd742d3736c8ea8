import { describe, expect, it } from 'vitest';
import { CONFLICT_ATTEMPTS, lostRace, retryLostRaces } from './conflict-retry.js';

const raced = (code: string) => Object.assign(new Error('raced'), { code });

describe('retryLostRaces', () => {
  it('knows the SQLSTATEs of a lost race from other errors', () => {
    expect(['23505', '23503', '40001', '40P01'].map((code) => lostRace(raced(code)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(lostRace(raced('23502'))).toBe(false);
    expect(lostRace(new Error('plain'))).toBe(false);
    expect(lostRace('23505')).toBe(false);
  });

  it('runs again after a lost race, and answers the run that got through', async () => {
    let runs = 0;
    const result = await retryLostRaces(async () => {
      runs++;
      if (runs < 3) throw raced('40001');
      return 'done';
    });
    expect({ result, runs }).toEqual({ result: 'done', runs: 3 });
  });

  it('gives up after CONFLICT_ATTEMPTS runs, with the last error', async () => {
    let runs = 0;
    await expect(
      retryLostRaces(() => {
        runs++;
        return Promise.reject(raced('40P01'));
      }),
    ).rejects.toThrow('raced');
    expect(runs).toBe(CONFLICT_ATTEMPTS);
  });

  it('does not run again after any other error', async () => {
    let runs = 0;
    await expect(
      retryLostRaces(() => {
        runs++;
        return Promise.reject(new Error('mine'));
      }),
    ).rejects.toThrow('mine');
    expect(runs).toBe(1);
  });
});
