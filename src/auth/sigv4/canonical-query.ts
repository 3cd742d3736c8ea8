import { percentDecode, uriEncode } from './uri-encoding.js';

/** One query parameter, decoded (`name` as text for lookups) and re-encoded the SigV4 way. */
export interface QueryParameter {
  /** The decoded name, read as UTF-8, for looking parameters up (`X-Amz-Date`, …). */
  readonly name: string;
  /** The decoded value, read as UTF-8. */
  readonly value: string;
  readonly encodedName: string;
  readonly encodedValue: string;
}

/**
 * Splits a raw query string into its parameters, in order: `a=1&b&c=` gives `a`→`1`, `b`→``,
 * `c`→``; empty pieces (`&&`) are skipped.
 */
export function parseQuery(query: string): QueryParameter[] {
  const parameters: QueryParameter[] = [];
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = percentDecode(eq < 0 ? piece : piece.slice(0, eq));
    const value = percentDecode(eq < 0 ? '' : piece.slice(eq + 1));
    parameters.push({
      name: name.toString('utf8'),
      value: value.toString('utf8'),
      encodedName: uriEncode(name),
      encodedValue: uriEncode(value),
    });
  }
  return parameters;
}

function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical query string: every parameter (except those `omit` rejects) encoded, sorted by
 * encoded name and then encoded value, joined as `name=value` with `&`.
 * @example canonicalQuery(parseQuery('b=2&a=%7e&a=1')) // 'a=1&a=~&b=2'
 */
export function canonicalQuery(
  parameters: readonly QueryParameter[],
  omit: (parameter: QueryParameter) => boolean = () => false,
): string {
  return parameters
    .filter((parameter) => !omit(parameter))
    .sort(
      (a, b) => compareAscii(a.encodedName, b.encodedName) || compareAscii(a.encodedValue, b.encodedValue),
    )
    .map((parameter) => `${parameter.encodedName}=${parameter.encodedValue}`)
    .join('&');
}
