import { comparisonOperators } from './comparison.js';

/**
 * Numeric operators compare an integer or decimal (`10`, `-3`, `2.5`). Policy values of any other
 * form are errors; a context value of any other form matches no policy value. AWS does not
 * substitute policy variables here (IAM User Guide, "Numeric condition operators").
 */

/** An optional minus sign, digits, and an optional fraction: no exponent, no blanks, no `+`. */
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Reads an integer or decimal; NaN when the text is not one. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** The six Numeric operators, `NumericEquals` to `NumericGreaterThanEquals`. */
export const NUMERIC_OPERATORS = comparisonOperators('Numeric', parseNumber, 'an integer or decimal number');
