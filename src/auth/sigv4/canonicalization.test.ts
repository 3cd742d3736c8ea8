import { describe, expect, it } from 'vitest';
import { parseAmzDate, formatAmzDate } from './amz-date.js';
import { canonicalHeaders, canonicalHeaderValue } from './canonical-headers.js';
import { canonicalQuery, parseQuery } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri, normalizePath } from './canonical-uri.js';
import type { SigV4Request } from './request.js';
import { stringToSign } from './string-to-sign.js';
import { percentDecode, uriEncode } from './uri-encoding.js';

describe('uriEncode', () => {
  it('keeps only the RFC 3986 unreserved set, escaping the rest in upper-case hex', () => {
    expect(uriEncode(Buffer.from('AZaz09-._~'))).toBe('AZaz09-._~');
    expect(uriEncode(Buffer.from(" !*'()+,/:;=?@[]%"))).toBe(
      '%20%21%2A%27%28%29%2B%2C%2F%3A%3B%3D%3F%40%5B%5D%25',
    );
    expect(uriEncode(Buffer.from('ሴ'))).toBe('%E1%88%B4');
  });

  it('keeps slashes in paths only', () => {
    expect(uriEncode(Buffer.from('/a/b'), true)).toBe('/a/b');
    expect(uriEncode(Buffer.from('/a/b'))).toBe('%2Fa%2Fb');
  });
});

describe('percentDecode', () => {
  it('decodes escapes of either case, and reads other characters as UTF-8', () => {
    expect(percentDecode('%e1%88%B4x').toString('utf8')).toBe('ሴx');
    expect(percentDecode('ሴ')).toEqual(Buffer.from([0xe1, 0x88, 0xb4]));
  });

  it('takes a stray % and + literally', () => {
    expect(percentDecode('100%').toString()).toBe('100%');
    expect(percentDecode('%zz%4').toString()).toBe('%zz%4');
    expect(percentDecode('a+b').toString()).toBe('a+b');
  });
});

describe('canonicalUri', () => {
  it('normalizes dot segments and runs of slashes like the SDKs', () => {
    expect(normalizePath('//a/./b/../c//')).toBe('/a/c/');
    expect(normalizePath('/a/b/../..')).toBe('/');
    expect(normalizePath('/..')).toBe('/');
  });

  it('encodes the wire path once more, so an escape becomes %25 (double encoding)', () => {
    expect(canonicalUri('/a%20b/')).toBe('/a%2520b/');
    expect(canonicalUri('/a b/')).toBe('/a%20b/');
  });

  it('leaves the path alone when normalization is off, and writes an empty path as /', () => {
    expect(canonicalUri('/./a//', false)).toBe('/./a//');
    expect(canonicalUri('', false)).toBe('/');
    expect(canonicalUri('')).toBe('/');
  });
});

describe('canonicalQuery', () => {
  it('sorts by encoded name and then value, not by the whole pair', () => {
    // By whole pair, "Param-3=…" would sort before "Param=…" ('-' < '=').
    expect(canonicalQuery(parseQuery('Param-3=Value3&Param=Value2&%E1%88%B4=Value1'))).toBe(
      '%E1%88%B4=Value1&Param=Value2&Param-3=Value3',
    );
    expect(canonicalQuery(parseQuery('a=2&a=1&a=10'))).toBe('a=1&a=10&a=2');
  });

  it('re-encodes every name and value the SigV4 way', () => {
    expect(canonicalQuery(parseQuery('b=%7e%20x&a=%2F+/'))).toBe('a=%2F%2B%2F&b=~%20x');
  });

  it('reads a name without = as having an empty value and skips empty pieces', () => {
    expect(canonicalQuery(parseQuery('b&&a='))).toBe('a=&b=');
    expect(canonicalQuery(parseQuery(''))).toBe('');
  });

  it('leaves out what it is told to', () => {
    expect(canonicalQuery(parseQuery('a=1&X-Amz-Signature=f'), (p) => p.name === 'X-Amz-Signature')).toBe(
      'a=1',
    );
  });
});

describe('canonical headers', () => {
  it('trims each value, collapses inner whitespace, joins repeated headers with commas', () => {
    expect(canonicalHeaderValue(['  "a   b\t c"  '])).toBe('"a b c"');
    expect(canonicalHeaderValue(['value1\n  value2\n     value3'])).toBe('value1 value2 value3');
    expect(canonicalHeaderValue(['v2', ' v2 ', 'v1'])).toBe('v2,v2,v1');
  });

  it('writes only the signed headers, in the order given, skipping absent ones', () => {
    const request: SigV4Request = {
      method: 'GET',
      path: '/',
      query: '',
      headers: { host: 'h', 'x-amz-date': 'd', other: 'o', 'my-h': ['1', '2'] },
      body: Buffer.alloc(0),
    };
    expect(canonicalHeaders(request, ['host', 'missing', 'my-h', 'x-amz-date'])).toBe(
      'host:h\nmy-h:1,2\nx-amz-date:d\n',
    );
  });
});

describe('canonicalRequest and stringToSign', () => {
  it('reproduce the IAM ListUsers example of the AWS documentation', () => {
    const request: SigV4Request = {
      method: 'GET',
      path: '/',
      query: 'Action=ListUsers&Version=2010-05-08',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        host: 'iam.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
      },
      body: Buffer.alloc(0),
    };
    const canonical = canonicalRequest(request, ['content-type', 'host', 'x-amz-date']);
    expect(canonical).toBe(
      'GET\n/\nAction=ListUsers&Version=2010-05-08\n' +
        'content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n' +
        'x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(stringToSign('20150830T123600Z', '20150830/us-east-1/iam/aws4_request', canonical)).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n' +
        'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
  });
});

describe('amz dates', () => {
  it('reads the basic format only, and only real dates', () => {
    expect(parseAmzDate('20150830T123600Z')?.toISOString()).toBe('2015-08-30T12:36:00.000Z');
    for (const bad of [
      '2015-08-30T12:36:00Z',
      '20150830T123600',
      '20150231T000000Z',
      '20150830T246000Z',
      '',
    ]) {
      expect(parseAmzDate(bad)).toBeUndefined();
    }
  });

  it('formats without milliseconds', () => {
    expect(formatAmzDate(new Date('2015-08-30T12:36:00.999Z'))).toBe('20150830T123600Z');
  });
});
