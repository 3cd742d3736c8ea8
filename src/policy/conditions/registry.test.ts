import { describe, expect, it } from 'vitest';
import { findOperator, OPERATOR_NAMES, OPERATORS, parseOperator } from './registry.js';

const VALID: [string, string, string | undefined, boolean][] = [
  ['StringEquals', 'StringEquals', undefined, false],
  ['StringEqualsIfExists', 'StringEquals', undefined, true],
  ['ForAnyValue:StringLike', 'StringLike', 'ForAnyValue', false],
  ['ForAllValues:StringNotEqualsIgnoreCaseIfExists', 'StringNotEqualsIgnoreCase', 'ForAllValues', true],
  ['NumericLessThanEquals', 'NumericLessThanEquals', undefined, false],
  ['DateGreaterThanIfExists', 'DateGreaterThan', undefined, true],
  ['Bool', 'Bool', undefined, false],
  ['BoolIfExists', 'Bool', undefined, true],
  ['BinaryEquals', 'BinaryEquals', undefined, false],
  ['NotIpAddressIfExists', 'NotIpAddress', undefined, true],
  ['ForAnyValue:ArnLike', 'ArnLike', 'ForAnyValue', false],
  ['Null', 'Null', undefined, false],
];

const INVALID: [string, RegExp][] = [
  ['stringEquals', /case-sensitive; write 'StringEquals'/],
  ['STRINGLIKE', /write 'StringLike'/],
  ['StringEqualsifexists', /write 'StringEqualsIfExists'/],
  ['bool', /write 'Bool'/],
  ['null', /write 'Null'/],
  ['ForAnyValue:stringLike', /write 'ForAnyValue:StringLike'/],
  ['forAnyValue:StringLike', /set operators are case-sensitive; write 'ForAnyValue:'/],
  ['FORALLVALUES:StringLike', /write 'ForAllValues:'/],
  ['ForSomeValues:StringEquals', /'ForSomeValues' is not a set operator/],
  [':StringEquals', /'' is not a set operator/],
  ['ForAnyValue:ForAllValues:StringEquals', /is not a condition operator/],
  ['StringEqualsIfExistsIfExists', /is not a condition operator/],
  ['IfExists', /is not a condition operator/],
  ['StringMatches', /'StringMatches' is not a condition operator/],
  ['', /is not a condition operator/],
  ['ForAnyValue:', /is not a condition operator/],
  ['NullIfExists', /IfExists cannot be added to Null/],
  ['ForAllValues:NullIfExists', /IfExists cannot be added to Null/],
];

describe('parseOperator', () => {
  for (const [text, base, set, ifExists] of VALID) {
    it(`reads ${text}`, () => {
      const parsed = parseOperator(text);
      expect(parsed).not.toBeTypeOf('string');
      if (typeof parsed === 'string') return;
      expect(parsed.operator.name).toBe(base);
      expect(parsed.setOperator).toBe(set);
      expect(parsed.ifExists).toBe(ifExists);
    });
  }

  for (const [text, message] of INVALID) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const parsed = parseOperator(text);
      expect(parsed).toBeTypeOf('string');
      expect(parsed).toMatch(message);
    });
  }
});

describe('the operator list', () => {
  it('holds every operator of the IAM User Guide once', () => {
    expect(OPERATOR_NAMES).toHaveLength(27);
    expect(new Set(OPERATOR_NAMES).size).toBe(27);
    expect(OPERATOR_NAMES).toEqual(
      expect.arrayContaining(['StringNotLike', 'DateLessThanEquals', 'ArnNotEquals', 'Null']),
    );
  });

  it('marks the negated operators', () => {
    const negated = OPERATORS.filter((o) => o.kind === 'value' && o.negated).map((o) => o.name);
    expect(negated.sort()).toEqual(
      [
        'ArnNotEquals',
        'ArnNotLike',
        'DateNotEquals',
        'NotIpAddress',
        'NumericNotEquals',
        'StringNotEquals',
        'StringNotEqualsIgnoreCase',
        'StringNotLike',
      ].sort(),
    );
  });

  it('marks the operators that take policy variables', () => {
    const variables = OPERATORS.filter((o) => o.kind === 'value' && o.acceptsVariables).map((o) => o.name);
    expect(variables).toEqual([
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'Bool',
      'ArnEquals',
      'ArnLike',
      'ArnNotEquals',
      'ArnNotLike',
    ]);
  });

  it('finds operators by their exact name only', () => {
    expect(findOperator('StringLike')?.name).toBe('StringLike');
    expect(findOperator('stringlike')).toBeUndefined();
    expect(findOperator('StringLikeIfExists')).toBeUndefined();
  });
});
