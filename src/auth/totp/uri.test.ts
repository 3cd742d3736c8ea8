import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../test/support/base32.js';
import { base32, otpauthUri } from './index.js';

describe('base32', () => {
  it('matches RFC 4648 section 10, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) expect(base32(Buffer.from(plain))).toBe(encoded);
  });

  it('round-trips through an independent decoder for every length 0..64', () => {
    for (let n = 0; n <= 64; n++) {
      // Small Buffers share a pool; the encoding must cover the seed's bytes only.
      const seed = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff));
      const text = base32(seed);
      expect(text).toMatch(/^[A-Z2-7]*$/);
      expect(text).toHaveLength(Math.ceil((n * 8) / 5));
      expect(decodeBase32(text).equals(seed)).toBe(true);
    }
  });
});

describe('otpauthUri', () => {
  const seed = Buffer.from('12345678901234567890', 'ascii');

  it("is AWS's form and parses back to its secret, issuer and label", () => {
    const uri = otpauthUri({ seed, label: 'alice@123456789012', issuer: 'iamfa' });
    expect(uri).toBe(
      'otpauth://totp/alice@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=iamfa',
    );
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe('alice@123456789012');
    expect(url.searchParams.get('issuer')).toBe('iamfa');
    expect(decodeBase32(url.searchParams.get('secret') ?? '').equals(seed)).toBe(true);
  });

  it('escapes what would break the URI, and a space as %20 not +', () => {
    const label = 'dev ops/ci?x&y#z@123456789012';
    const issuer = 'Acme & Co #1';
    const uri = otpauthUri({ seed, label, issuer });
    expect(uri).not.toContain('+');
    const url = new URL(uri);
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(label);
    expect(url.searchParams.get('issuer')).toBe(issuer);
    expect(url.hash).toBe('');
    expect([...url.searchParams.keys()]).toEqual(['secret', 'issuer']);
  });
});
