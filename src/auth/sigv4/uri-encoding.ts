/**
 * Percent-encoding as SigV4 defines it (RFC 3986): every byte outside the unreserved set
 * `A-Z a-z 0-9 - . _ ~` becomes `%XY` with upper-case hex; a space is `%20`, never `+`.
 */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

// One entry per byte value: the byte itself when unreserved, else its %XY escape.
const ENCODED: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

const SLASH = 0x2f;
const PERCENT = 0x25;

/** Encodes bytes; `/` is kept as is when `keepSlash` (paths), escaped otherwise (query names and values). */
export function uriEncode(bytes: Uint8Array, keepSlash = false): string {
  let out = '';
  for (const byte of bytes) out += keepSlash && byte === SLASH ? '/' : ENCODED[byte];
  return out;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/**
 * Decodes `%XY` escapes to bytes. Characters beyond ASCII stand for their UTF-8 bytes; a `%` not
 * followed by two hex digits, and `+`, are taken literally (SigV4 is not form decoding).
 */
export function percentDecode(text: string): Buffer {
  // UTF-8 first: multi-byte sequences never contain ASCII bytes, so escapes are found unambiguously.
  const input = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === PERCENT) {
      const high = hexValue(input[i + 1]);
      const low = hexValue(input[i + 2]);
      if (high >= 0 && low >= 0) {
        out[length++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}
