/**
 * A request as SigV4 sees it: the bytes as they came off the wire, before any decoding, so that
 * what is verified is exactly what the client signed.
 *
 * Header names are lower-cased. A header sent more than once should be given as an array of its
 * values in order (Node's `req.headersDistinct`): AWS joins them with `,` when canonicalizing, and
 * Node's `req.headers` joins them with `, `, which no longer matches what the client signed.
 */
export interface SigV4Request {
  readonly method: string;
  /** The path as sent, before percent-decoding; non-ASCII characters stand for their UTF-8 bytes. */
  readonly path: string;
  /** The raw query string, without the `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
}

/** Every value of a header, in the order sent; empty when the header is absent. */
export function headerValues(request: SigV4Request, name: string): readonly string[] {
  const value = request.headers[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** The first value of a header, as AWS reads single-valued headers such as `X-Amz-Date`. */
export function firstHeader(request: SigV4Request, name: string): string | undefined {
  return headerValues(request, name)[0];
}
