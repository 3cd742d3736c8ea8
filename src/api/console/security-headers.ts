/**
 * Headers on every console answer. The Content-Security-Policy lets pages run only the console's
 * own scripts and styles (nothing inline, nothing from elsewhere), show images of their own or
 * generated ones (the QR code arrives as a data: URL), talk only to this server, and never be
 * framed. Answers are never cached: they may carry secrets shown once.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
