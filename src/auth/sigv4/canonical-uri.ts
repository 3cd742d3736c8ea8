import { uriEncode } from './uri-encoding.js';

/**
 * Removes empty, `.` and `..` segments the way the AWS SDKs do before signing (RFC 3986
 * dot-segment removal, with runs of slashes collapsed), keeping a leading and a trailing slash.
 * @example normalizePath('//a/./b/../c//') // '/a/c/'
 */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${lead}${segments.join('/')}${trail}`;
}

/**
 * The canonical URI of a request: its wire path, normalized unless told otherwise (S3 does not
 * normalize), then every byte but `/` and the unreserved set percent-encoded. The wire path is
 * already encoded once by the client, so its `%` become `%25`: the "double encoding" AWS requires
 * of every service but S3.
 * @example canonicalUri('/example space/', true) // '/example%20space/'
 */
export function canonicalUri(path: string, normalize = true): string {
  const effective = normalize ? normalizePath(path) : path;
  return effective === '' ? '/' : uriEncode(Buffer.from(effective, 'utf8'), true);
}
