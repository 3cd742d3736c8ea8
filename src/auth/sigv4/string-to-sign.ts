import { createHash } from 'node:crypto';

/** The only signing algorithm SigV4 verification accepts. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * The string to sign: algorithm, request time (`YYYYMMDD'T'HHMMSS'Z'`), credential scope
 * (`date/region/service/aws4_request`) and the hex SHA-256 of the canonical request.
 * @example stringToSign('20150830T123600Z', '20150830/us-east-1/iam/aws4_request', canonical)
 */
export function stringToSign(timestamp: string, credentialScope: string, canonicalRequest: string): string {
  const hash = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
  return `${ALGORITHM}\n${timestamp}\n${credentialScope}\n${hash}`;
}
