/**
 * An operation's output as JSON the console can read: blobs (a QR code PNG, a Base32 seed) as
 * base64, as the query protocol writes them, and dates as ISO 8601. `JSON.stringify` alone would
 * turn a Buffer into an array of numbers.
 */
export function jsonValue(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}
