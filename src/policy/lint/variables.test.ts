import { describe, expect, it } from 'vitest';
import { lint, locate, statementPolicy, withCode } from '../../../test/support/lint.js';

const statement = {
  Action: 'iam:GetUser',
  Resource: 'arn:aws:iam::*:user/${aws:username}',
  Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
};

describe('policy variables under an old Version', () => {
  it('are errors under 2008-10-17, at each value', () => {
    const text = JSON.stringify(statementPolicy(statement, '2008-10-17'), null, 2);
    const found = withCode(lint(text), 'variable-in-old-version');
    expect(found.map((f) => [f.severity, f.line, f.column])).toEqual([
      ['error', ...Object.values(locate(text, '"arn:aws:iam::*:user/${aws:username}"'))],
      ['error', ...Object.values(locate(text, '"home/${aws:username}/*"'))],
    ]);
    expect(found[0]?.message).toContain('"Version": "2012-10-17"');
  });

  it('are errors without a Version, saying why', () => {
    const found = withCode(lint(statementPolicy(statement, null)), 'variable-in-old-version');
    expect(found).toHaveLength(2);
    expect(found[0]?.message).toContain('has no Version');
  });

  it('are fine under 2012-10-17', () => {
    expect(lint(statementPolicy(statement))).toEqual([]);
  });
});
