import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileClause, ConditionClauseError } from './clause.js';
import { clauseOf, contextOf, KEY } from '../../../test/support/conditions.js';

function holds(op: string, values: string | string[], value: string | string[] | undefined): boolean {
  const context = contextOf();
  if (value !== undefined) context.set(KEY, value);
  return compileClause(clauseOf(op, KEY, values), true).test(context);
}

describe('compileClause', () => {
  it('looks the key up lower-cased, whatever case the policy and the request use', () => {
    const compiled = compileClause(clauseOf('StringEquals', 'AWS:UserName', 'alice'), true);
    expect(compiled.lowerKey).toBe('aws:username');
    expect(compiled.test(contextOf({ 'aws:USERNAME': 'alice' }))).toBe(true);
  });

  it('keeps the clause it was compiled from', () => {
    const clause = clauseOf('ForAnyValue:StringLike', KEY, ['a*', 'b*']);
    expect(compileClause(clause, true).clause).toBe(clause);
  });

  it('collects the required variables of all values once each', () => {
    const clause = clauseOf('StringLike', KEY, [
      '${aws:username}/*',
      'x-${aws:username}',
      '${aws:userid}',
      "${aws:PrincipalTag/team, 'none'}",
    ]);
    expect(compileClause(clause, true).requiredKeys).toEqual(['aws:username', 'aws:userid']);
    expect(compileClause(clause, false).requiredKeys).toEqual([]);
  });

  it('substitutes variables only where the Version allows and the operator accepts them', () => {
    const context = contextOf({ 'aws:username': 'alice', [KEY]: 'alice' });
    expect(compileClause(clauseOf('StringEquals', KEY, '${aws:username}'), true).test(context)).toBe(true);
    expect(compileClause(clauseOf('StringEquals', KEY, '${aws:username}'), false).test(context)).toBe(false);
    expect(() => compileClause(clauseOf('NumericEquals', KEY, '${aws:username}'), true)).toThrow(
      ConditionClauseError,
    );
  });

  it('reports an unknown operator at the operator', () => {
    const clause = { ...clauseOf('StringEquals', KEY, 'a'), base: 'StringMatches' };
    let error: unknown;
    try {
      compileClause(clause, true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConditionClauseError);
    expect((error as ConditionClauseError).issue).toMatchObject({
      code: 'invalid-condition-operator',
      span: clause.operator.span,
    });
  });

  it('ORs the values of a positive operator and NORs those of a negated one', () => {
    expect(holds('StringEquals', ['a', 'b'], 'b')).toBe(true);
    expect(holds('StringNotEquals', ['a', 'b'], 'a')).toBe(false);
    expect(holds('StringNotEquals', ['a', 'b'], 'b')).toBe(false);
    expect(holds('StringNotEquals', ['a', 'b'], 'c')).toBe(true);
  });

  it('never matches a multivalued key without a set qualifier, negated or not', () => {
    for (const op of ['StringEquals', 'StringNotEquals', 'StringLikeIfExists', 'StringNotLikeIfExists']) {
      expect(holds(op, ['a', 'b', 'z'], ['a', 'b'])).toBe(false);
    }
    expect(holds('StringEquals', 'a', ['a'])).toBe(true);
    expect(holds('StringNotEquals', 'a', ['b'])).toBe(true);
  });
});

describe('set qualifiers, as properties', () => {
  const text = fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', 'c') });
  const policy = fc.array(text, { minLength: 1, maxLength: 3 });
  const list = fc.array(text, { minLength: 1, maxLength: 4 });

  it('a single non-empty value is a one-element set', () => {
    fc.assert(
      fc.property(
        policy,
        text.filter((s) => s !== ''),
        (values, value) => {
          const plain = holds('StringLike', values, value);
          expect(holds('ForAllValues:StringLike', values, value)).toBe(plain);
          expect(holds('ForAnyValue:StringLike', values, value)).toBe(plain);
          expect(holds('StringLike', values, [value])).toBe(plain);
          expect(holds('StringNotLike', values, value)).toBe(!plain);
        },
      ),
    );
  });

  it('ForAllValues of the negation is the negation of ForAnyValue, and the other way round', () => {
    fc.assert(
      fc.property(policy, list, (values, request) => {
        expect(holds('ForAllValues:StringNotEquals', values, request)).toBe(
          !holds('ForAnyValue:StringEquals', values, request),
        );
        expect(holds('ForAnyValue:StringNotEquals', values, request)).toBe(
          !holds('ForAllValues:StringEquals', values, request),
        );
      }),
    );
  });

  it('ForAllValues holds when the request set is a subset of the policy set', () => {
    fc.assert(
      fc.property(policy, list, (values, request) => {
        const subset = request.every((r) => values.includes(r));
        expect(holds('ForAllValues:StringEquals', values, request)).toBe(subset);
        expect(holds('ForAnyValue:StringEquals', values, request)).toBe(
          request.some((r) => values.includes(r)),
        );
      }),
    );
  });
});
