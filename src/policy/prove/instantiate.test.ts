import { describe, expect, it } from 'vitest';
import { ArnPattern } from '../arn.js';
import { RequestContext } from '../context.js';
import { arnsMatching, instantiate } from './instantiate.js';

const context = new RequestContext({ 'aws:username': 'alice' });
const defaults = { partition: 'aws', service: 's3', region: 'us-east-1', account: '123456789012' };

describe('instantiate', () => {
  it('fills wildcards and variables', () => {
    expect(instantiate('user/${aws:username}/*', context, '')).toBe('user/alice/');
    expect(instantiate('a?c*', context, 'x')).toBe('aacx');
    expect(instantiate("${aws:PrincipalTag/team, 'none'}-${*}", context, '')).toBe('none-*');
    expect(instantiate('${aws:username}', context, '', false)).toBe('${aws:username}');
  });

  it('gives nothing for a variable without a value: the pattern matches nothing', () => {
    expect(instantiate('${aws:PrincipalTag/team}', context, '')).toBeUndefined();
  });
});

describe('arnsMatching', () => {
  it("gives ARNs the pattern matches, the principal's own account and region for wildcard parts", () => {
    const source = 'arn:aws:iam::*:user/${aws:username}*';
    const arns = arnsMatching(source, context, defaults);
    expect(arns).toEqual([
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:iam::123456789012:user/aliceiamfa',
    ]);
    const pattern = ArnPattern.compile(source, true);
    for (const arn of arns) expect(pattern?.matches(arn, context)).toBe(true);
  });

  it("fills a wildcard service with the action's", () => {
    expect(arnsMatching('arn:*:*:*:*:*', context, defaults)).toEqual([
      'arn:aws:s3:us-east-1:123456789012:',
      'arn:aws:s3:us-east-1:123456789012:iamfa',
    ]);
  });

  it('ignores what is not an ARN', () => {
    expect(arnsMatching('not-an-arn', context, defaults)).toEqual([]);
  });
});
