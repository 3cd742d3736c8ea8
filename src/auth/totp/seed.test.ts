import { describe, expect, it } from 'vitest';
import { newSeed, SEED_BYTES } from './index.js';

describe('newSeed', () => {
  it('is at least 160 bits and different every time', () => {
    const seeds = Array.from({ length: 64 }, () => newSeed());
    expect(SEED_BYTES).toBeGreaterThanOrEqual(20);
    for (const s of seeds) {
      expect(Buffer.isBuffer(s)).toBe(true);
      expect(s.length).toBe(SEED_BYTES);
    }
    expect(new Set(seeds.map((s) => s.toString('hex'))).size).toBe(seeds.length);
  });
});
