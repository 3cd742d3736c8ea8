/**
 * Time-based one-time passwords (RFC 6238) as virtual MFA devices use them, and the enrolment
 * material AWS hands out: a Base32 seed and a QR code of its otpauth URI. Pure, except the QR PNG.
 *
 * - `newSeed()`: 20 random bytes (160 bits) from a CSPRNG.
 * - `base32(seed)`: RFC 4648 Base32 without padding, as authenticator apps read it.
 * - `otpauthUri({ seed, label, issuer })`: `otpauth://totp/LABEL?secret=…&issuer=…` (AWS's form;
 *   LABEL is `NAME@ACCOUNT`).
 * - `qrCodePng(uri)`: a PNG QR code of the URI (Buffer).
 * - `code(seed, step, options?)`: the code for a time step (HMAC-SHA1 by default, 6 digits; SHA-256
 *   and SHA-512 and 8 digits for the RFC vectors).
 * - `timeStep(when, period = 30)`: floor(epoch seconds / period).
 * - `matchingStep(seed, code, when, window)`: the time step within ±window of `when` whose code
 *   equals `code` (compared in constant time), or undefined.
 */
export {
  code,
  DEFAULT_PERIOD,
  matchingStep,
  timeStep,
  type CodeOptions,
  type TotpAlgorithm,
} from './code.js';
export { qrCodePng } from './qr.js';
export { newSeed, SEED_BYTES } from './seed.js';
export { base32, otpauthUri, type OtpauthUriInput } from './uri.js';
