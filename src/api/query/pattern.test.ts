import { describe, expect, it } from 'vitest';
import { loadModel, type ServiceName } from './model.js';
import { javaPattern } from './pattern.js';

describe('javaPattern', () => {
  it.each<ServiceName>(['iam', 'sts'])('compiles every pattern of the %s model', (service) => {
    const patterns = Object.values(loadModel(service).shapes).flatMap((s) =>
      s.type === 'string' && s.pattern !== undefined ? [s.pattern] : [],
    );
    expect(patterns.length).toBeGreaterThan(10);
    for (const pattern of patterns) expect(() => javaPattern(pattern), pattern).not.toThrow();
  });

  it('compiles the patterns of the full EC2 model', () => {
    const patterns = [
      '[a-zA-Z0-9\\(\\)\\.\\-/_]+',
      '^([0-9]{1,3}.){3}[0-9]{1,3}$',
      '^arn:aws([a-z-]+)?:ec2:[a-z\\d-]+:\\d{12}:placement-group/([^\\s].+[^\\s]){1,255}$',
      '[a-z]{2}-[a-z]+-[1-9]+',
    ];
    for (const pattern of patterns) expect(() => javaPattern(pattern), pattern).not.toThrow();
    expect(javaPattern(patterns[0] as string).test('my-template_(v1.2)/x')).toBe(true);
  });

  it('matches the whole value, as Matcher.matches() does', () => {
    const userName = javaPattern('[\\w+=,.@-]+');
    expect(userName.test('bob+ops@example.com')).toBe(true);
    expect(userName.test('bad name!')).toBe(false);
    expect(userName.test('')).toBe(false);
  });

  it('anchors every alternative, not only the first and last', () => {
    const path = javaPattern('(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)');
    expect(path.test('/')).toBe(true);
    expect(path.test('/division/')).toBe(true);
    expect(path.test('/division')).toBe(false);
    expect(path.test('x/')).toBe(false);
  });

  it('reads \\uXXXX escapes and Unicode categories', () => {
    const tag = javaPattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    expect(tag.test('Équipe 42: ünïcode')).toBe(true);
    expect(tag.test('a&b')).toBe(false);
    const document = javaPattern('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
    expect(document.test('{"a":\t"é"}\r\n')).toBe(true);
    expect(document.test('\u0001')).toBe(false);
    expect(document.test('€')).toBe(false);
  });

  it('accepts the escapes Java allows and JavaScript u-mode refuses', () => {
    const federated = javaPattern('[\\w+=,.@\\:-]*');
    expect(federated.test('a:b')).toBe(true);
    expect(federated.test('a\\b')).toBe(false);
    expect(javaPattern('a\\-b').test('a-b')).toBe(true);
    expect(javaPattern('a\\#b').test('a#b')).toBe(true);
  });

  it('keeps look-arounds', () => {
    const alias = javaPattern('^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$');
    expect(alias.test('my-alias')).toBe(true);
    expect(alias.test('my--alias')).toBe(false);
  });

  it('refuses Java constructs it cannot translate faithfully', () => {
    expect(() => javaPattern('[a-z&&[^aeiou]]')).toThrow(SyntaxError);
    expect(() => javaPattern('\\Qa.b\\E')).toThrow(SyntaxError);
  });
});
