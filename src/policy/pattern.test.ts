import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArnPattern } from './arn.js';
import { RequestContext } from './context.js';
import { Pattern, PatternError } from './pattern.js';

const WILD = { wildcards: true, variables: true, ignoreCase: false };

/** The reference: the same pattern as a regular expression. */
function reference(pattern: string, subject: string): boolean {
  const source = [...pattern].map((c) =>
    c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`^${source.join('')}$`, 's').test(subject);
}

describe('Pattern', () => {
  it('matches exactly as the equivalent regular expression (property)', () => {
    const text = (chars: string) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });
    fc.assert(
      fc.property(text('ab*?:/'), text('ab:/'), (pattern, subject) => {
        const p = Pattern.compile(pattern, { ...WILD, variables: false });
        expect(p.matches(subject, undefined)).toBe(reference(pattern, subject));
      }),
      { numRuns: 5000 },
    );
  });

  it('substitutes variables as literal text, with defaults, and ${*} ${?} ${$} as characters', () => {
    const context = new RequestContext({ 'aws:username': 'a*b' });
    const p = Pattern.compile("x/${aws:username}/${aws:PrincipalTag/team, 'none'}/${*}${?}${$}", WILD);
    expect(p.requiredKeys).toEqual(['aws:username']);
    expect(p.matches('x/a*b/none/*?$', context)).toBe(true);
    // The value's `*` is not a wildcard.
    expect(p.matches('x/aZZb/none/*?$', context)).toBe(false);
    expect(p.resolve(context)).toBe('x/a*b/none/*?$');
  });

  it('leaves ${…} alone where variables are off, and rejects a malformed one where on', () => {
    expect(Pattern.compile('${aws:username}', { ...WILD, variables: false }).literal).toBe('${aws:username}');
    expect(() => Pattern.compile('a${aws:username', WILD)).toThrow(PatternError);
  });

  it('ignores case when asked, with a lower-cased subject', () => {
    expect(Pattern.compile('IAM:Get*', { ...WILD, ignoreCase: true }).matches('iam:getuser', undefined)).toBe(
      true,
    );
    expect(Pattern.compile('IAM:Get*', WILD).matches('iam:getuser', undefined)).toBe(false);
  });
});

describe('ArnPattern', () => {
  it('keeps wildcards within the first five parts and lets them span the resource part', () => {
    const p = ArnPattern.compile('arn:aws:*:*:*:log-group:*', false);
    expect(p?.matches('arn:aws:logs:eu-west-1:123456789012:log-group:a/b:c', undefined)).toBe(true);
    expect(ArnPattern.compile('arn:aws:s3:::*', false)?.matches('arn:aws:s3:::b/k', undefined)).toBe(true);
    expect(
      ArnPattern.compile('arn:*:iam::1:user/x', false)?.matches('arn:aws:x:iam::1:user/x', undefined),
    ).toBe(false);
    expect(ArnPattern.compile('arn:aws:iam::*', false)).toBeUndefined();
    expect(ArnPattern.compile('arn:aws:iam::1:user/a', false)?.matches('not-an-arn', undefined)).toBe(false);
  });

  it('does not split at a colon inside a policy variable', () => {
    const p = ArnPattern.compile('arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}', true);
    const context = new RequestContext({ 'aws:PrincipalAccount': '123456789012', 'aws:username': 'alice' });
    expect(p?.matches('arn:aws:iam::123456789012:user/alice', context)).toBe(true);
    expect(p?.requiredKeys).toEqual(['aws:principalaccount', 'aws:username']);
  });
});
