/**
 * The console's cookies. The session cookie is HttpOnly (no script reads it) and SameSite=Strict
 * (no other site's page sends it); the CSRF cookie is readable by the console's own script, which
 * echoes it in a header no other site can set. Both are scoped to /console and Secure over TLS.
 */

export const SESSION_COOKIE = 'iamfa-session';
export const CSRF_COOKIE = 'iamfa-csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The cookies of a `Cookie` header by name (the first of a name wins, as browsers send most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** A `Set-Cookie` value; an empty value with `clear` expires the cookie. */
export function serializeCookie(
  name: string,
  value: string,
  options: { readonly httpOnly: boolean; readonly secure: boolean; readonly clear?: boolean },
): string {
  const parts = [`${name}=${value}`, 'Path=/console', 'SameSite=Strict'];
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.clear) parts.push('Max-Age=0');
  return parts.join('; ');
}
