import { createHash } from 'node:crypto';
import { canonicalHeaders } from './canonical-headers.js';
import { canonicalQuery, parseQuery, type QueryParameter } from './canonical-query.js';
import { canonicalUri } from './canonical-uri.js';
import type { SigV4Request } from './request.js';

export interface CanonicalRequestOptions {
  /** Normalize the path before encoding it: true for every service but S3 (the default). */
  readonly normalizePath?: boolean;
  /** Query parameters left out of the canonical query (a presigned URL's own `X-Amz-Signature`). */
  readonly omitQueryParameter?: (parameter: QueryParameter) => boolean;
}

/** SHA-256 of the payload, lower-case hex: query services always sign the body itself. */
export function payloadHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The canonical request AWS hashes into the string to sign: method, canonical URI, canonical
 * query, canonical headers, the signed header names, and the payload hash, one per line.
 * @example
 * canonicalRequest({ method: 'GET', path: '/', query: '', headers: { host: 'example.com' }, body: Buffer.alloc(0) }, ['host'])
 * // 'GET\n/\n\nhost:example.com\n\nhost\ne3b0c442…b855'
 */
export function canonicalRequest(
  request: SigV4Request,
  signedHeaders: readonly string[],
  options: CanonicalRequestOptions = {},
): string {
  return [
    request.method,
    canonicalUri(request.path, options.normalizePath ?? true),
    canonicalQuery(parseQuery(request.query), options.omitQueryParameter),
    canonicalHeaders(request, signedHeaders),
    signedHeaders.join(';'),
    payloadHash(request.body),
  ].join('\n');
}
