import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretBox } from './secret-box.js';

describe('secretBox', () => {
  const box = secretBox(randomBytes(32));

  it('round-trips, and never stores the plaintext', () => {
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG', 'AKIAEXAMPLE');
    expect(sealed).not.toContain('wJalrXUtnFEMI');
    expect(box.open(sealed, 'AKIAEXAMPLE')).toBe('wJalrXUtnFEMI/K7MDENG');
    expect(box.seal('x', 'a')).not.toBe(box.seal('x', 'a'));
  });

  it('refuses a value moved to another owner, tampered with, or sealed under another key', () => {
    const sealed = box.seal('secret', 'AKIA1');
    expect(() => box.open(sealed, 'AKIA2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'), 'AKIA1')).toThrow();
    expect(() => secretBox(randomBytes(32)).open(sealed, 'AKIA1')).toThrow();
    expect(() => box.open('garbage', 'AKIA1')).toThrow('Not a sealed secret.');
  });

  it('wants a 256-bit key', () => {
    expect(() => secretBox(randomBytes(16))).toThrow();
  });
});
