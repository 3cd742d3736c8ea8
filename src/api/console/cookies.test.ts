import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';
import { jsonValue } from './json.js';

describe('console cookies', () => {
  it('are HttpOnly when asked, always SameSite=Strict and scoped to /console, Secure over TLS', () => {
    expect(serializeCookie('iamfa-session', 'abc', { httpOnly: true, secure: true })).toBe(
      'iamfa-session=abc; Path=/console; SameSite=Strict; HttpOnly; Secure',
    );
    expect(serializeCookie('iamfa-csrf', 'xyz', { httpOnly: false, secure: false })).toBe(
      'iamfa-csrf=xyz; Path=/console; SameSite=Strict',
    );
    expect(serializeCookie('iamfa-session', '', { httpOnly: true, secure: false, clear: true })).toBe(
      'iamfa-session=; Path=/console; SameSite=Strict; HttpOnly; Max-Age=0',
    );
  });

  it('are read by name, the first of a name winning', () => {
    const cookies = parseCookies('a=1; iamfa-session=s1; iamfa-session=s2; broken; b = 2');
    expect(cookies.get('iamfa-session')).toBe('s1');
    expect(cookies.get('b')).toBe('2');
    expect(cookies.has('broken')).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('console JSON', () => {
  it('writes blobs as base64 and dates as ISO 8601, at any depth', () => {
    expect(
      jsonValue({
        VirtualMFADevice: { QRCodePNG: Buffer.from([1, 2, 3]), EnableDate: new Date(0) },
        List: [Buffer.from('AB', 'ascii')],
        n: 1,
        none: null,
      }),
    ).toEqual({
      VirtualMFADevice: { QRCodePNG: 'AQID', EnableDate: '1970-01-01T00:00:00.000Z' },
      List: ['QUI='],
      n: 1,
      none: null,
    });
  });
});
