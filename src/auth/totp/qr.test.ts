import jsqr from 'jsqr';
import { Secret, TOTP, URI } from 'otpauth';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { base32, code, newSeed, otpauthUri, qrCodePng, timeStep } from './index.js';

// jsqr is a webpack UMD bundle whose function is `exports.default`; Node's ESM loader hands the
// whole `module.exports` over as the default import, a bundler-style loader may unwrap it.
const jsQR: typeof jsqr.default = typeof jsqr === 'function' ? jsqr : jsqr.default;

function readQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (found === null) throw new Error('no QR code in the PNG');
  return found.data;
}

describe('qrCodePng', () => {
  it('is a PNG whose QR code a phone reads back to the URI and the current code', async () => {
    const seed = newSeed();
    const uri = otpauthUri({ seed, label: 'alice@123456789012', issuer: 'iamfa' });
    const png = await qrCodePng(uri);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      true,
    );

    const scanned = readQr(png);
    expect(scanned).toBe(uri);
    const secret = new URL(scanned).searchParams.get('secret') ?? '';
    expect(secret).toBe(base32(seed));
    const now = new Date();
    const expected = code(seed, timeStep(now));
    expect(code(Buffer.from(Secret.fromBase32(secret).bytes), timeStep(now))).toBe(expected);

    // What an authenticator app does: parse the Key URI, then show the code for now.
    const app = URI.parse(scanned);
    expect(app).toBeInstanceOf(TOTP);
    expect(app.generate({ timestamp: now.getTime() })).toBe(expected);
  });

  it('encodes the URI it is given, not a fixed one', async () => {
    const a = otpauthUri({ seed: newSeed(), label: 'a@1', issuer: 'iamfa' });
    const b = otpauthUri({ seed: newSeed(), label: 'b@1', issuer: 'iamfa' });
    expect(readQr(await qrCodePng(a))).toBe(a);
    expect(readQr(await qrCodePng(b))).toBe(b);
  });
});
