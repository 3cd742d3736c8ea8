import { createHmac } from 'node:crypto';

/**
 * Derived signing keys. A key depends only on the secret, the day, the region and the service, so
 * a busy client reuses one key for a whole day: caching saves four HMACs per request. The cache is
 * a small LRU so that it stays bounded however many keys and days pass through.
 */

const MAX_CACHED_KEYS = 1024;
const cache = new Map<string, Buffer>();

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function derive(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, date);
  return hmac(hmac(hmac(dateKey, region), service), 'aws4_request');
}

/** The cached key, shared: callers inside this module never mutate it. */
export function cachedSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  // JSON keeps the tuple unambiguous whatever characters a client put into its scope.
  const id = JSON.stringify([date, region, service, secretAccessKey]);
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const key = derive(secretAccessKey, date, region, service);
  cache.set(id, key);
  if (cache.size > MAX_CACHED_KEYS) cache.delete(cache.keys().next().value as string);
  return key;
}

/**
 * The SigV4 signing key `kSigning` for a secret and a credential scope (cached).
 * @example signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam')
 */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return Buffer.from(cachedSigningKey(secretAccessKey, date, region, service));
}

/** How many derived keys the cache holds now (for tests of its bound). */
export function cachedSigningKeyCount(): number {
  return cache.size;
}

/** The signature: HMAC-SHA256 of the string to sign under the signing key, lower-case hex. */
export function sign(key: Buffer, stringToSign: string): string {
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}
