import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { code, matchingStep, timeStep, type TotpAlgorithm } from './index.js';

interface Rfc6238Fixture {
  digits: number;
  period: number;
  seeds: Record<TotpAlgorithm, string>;
  vectors: ({ time: number } & Record<TotpAlgorithm, string>)[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/totp-rfc6238.json', import.meta.url), 'utf8'),
) as Rfc6238Fixture;
const ALGORITHMS: TotpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const cases = fixture.vectors.flatMap((v) =>
  ALGORITHMS.map((algorithm) => ({ algorithm, time: v.time, expected: v[algorithm] })),
);

describe('code: RFC 6238 Appendix B', () => {
  it('has every vector of the appendix', () => {
    expect(fixture.digits).toBe(8);
    expect(cases).toHaveLength(18);
  });

  it.each(cases)('$algorithm at T=$time is $expected', ({ algorithm, time, expected }) => {
    const seed = Buffer.from(fixture.seeds[algorithm], 'ascii');
    const step = timeStep(new Date(time * 1000), fixture.period);
    expect(code(seed, step, { algorithm, digits: 8 })).toBe(expected);
  });

  it('defaults to SHA-1 and 6 digits (the low 6 digits of the 8-digit code)', () => {
    const seed = Buffer.from(fixture.seeds.SHA1, 'ascii');
    expect(code(seed, timeStep(new Date(59_000)))).toBe('287082');
    expect(code(seed, timeStep(new Date(1_111_111_109_000)))).toBe('081804');
  });
});

describe('timeStep', () => {
  it('is floor(epoch seconds / period)', () => {
    expect(timeStep(new Date(0))).toBe(0);
    expect(timeStep(new Date(29_999))).toBe(0);
    expect(timeStep(new Date(30_000))).toBe(1);
    expect(timeStep(new Date(59_000))).toBe(1);
    expect(timeStep(new Date(1_234_567_890_000))).toBe(41_152_263);
    expect(timeStep(new Date(120_000), 60)).toBe(2);
  });

  it('refuses an invalid date or period', () => {
    expect(() => timeStep(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => timeStep(new Date(0), 0)).toThrow(RangeError);
  });
});

describe('matchingStep', () => {
  const seed = Buffer.from('3132333435363738393031323334353637383930', 'hex');
  const when = new Date(1_700_000_015_000);
  const now = timeStep(when);
  const at = (offset: number) => code(seed, now + offset);

  it('finds the current step', () => {
    expect(matchingStep(seed, at(0), when, 0)).toBe(now);
    expect(matchingStep(seed, at(0), when, 1)).toBe(now);
  });

  it('accepts one step either side with window 1, not with window 0', () => {
    expect(matchingStep(seed, at(-1), when, 1)).toBe(now - 1);
    expect(matchingStep(seed, at(1), when, 1)).toBe(now + 1);
    expect(matchingStep(seed, at(-1), when, 0)).toBeUndefined();
    expect(matchingStep(seed, at(1), when, 0)).toBeUndefined();
  });

  it('rejects a code three steps away with window 1 (found with window 3)', () => {
    expect(matchingStep(seed, at(3), when, 1)).toBeUndefined();
    expect(matchingStep(seed, at(-3), when, 1)).toBeUndefined();
    expect(matchingStep(seed, at(3), when, 3)).toBe(now + 3);
  });

  it('rejects a wrong code', () => {
    const inWindow = new Set([at(-1), at(0), at(1)]);
    let wrong = at(0);
    while (inWindow.has(wrong)) wrong = String((Number(wrong) + 1) % 1_000_000).padStart(6, '0');
    expect(matchingStep(seed, wrong, when, 1)).toBeUndefined();
    expect(matchingStep(seed, '', when, 1)).toBeUndefined();
  });

  it('rejects a code of the wrong length', () => {
    const current = at(0);
    expect(current).toMatch(/^\d{6}$/);
    expect(matchingStep(seed, current.slice(0, 5), when, 1)).toBeUndefined();
    expect(matchingStep(seed, current.slice(1), when, 1)).toBeUndefined();
    expect(matchingStep(seed, `${current}0`, when, 1)).toBeUndefined();
    expect(matchingStep(seed, `0${current}`, when, 1)).toBeUndefined();
    expect(matchingStep(seed, ` ${current}`, when, 1)).toBeUndefined();
  });

  it('matches 8-digit SHA-256 codes when asked to', () => {
    const seed256 = Buffer.from(fixture.seeds.SHA256, 'ascii');
    const t = new Date(1_111_111_111_000);
    expect(matchingStep(seed256, '67062674', t, 1, { algorithm: 'SHA256', digits: 8 })).toBe(timeStep(t));
    expect(matchingStep(seed256, '67062674', t, 1)).toBeUndefined();
  });
});
