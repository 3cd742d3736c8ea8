import { headerValues, type SigV4Request } from './request.js';

/**
 * A header's canonical value: each value trimmed, its inner runs of whitespace (folded lines
 * included) collapsed to one space, and the values joined with `,` in the order sent.
 * @example canonicalHeaderValue([' a   b ', 'c']) // 'a b,c'
 */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

/**
 * The canonical headers block: one `name:value\n` line per signed header, in the order given
 * (signed headers are sorted). A signed header the request lacks contributes no line.
 */
export function canonicalHeaders(request: SigV4Request, signedHeaders: readonly string[]): string {
  let block = '';
  for (const name of signedHeaders) {
    const values = headerValues(request, name);
    if (values.length > 0) block += `${name}:${canonicalHeaderValue(values)}\n`;
  }
  return block;
}
