import QRCode from 'qrcode';

/**
 * A PNG QR code of an otpauth URI, as AWS returns in `QRCodePNG` (the caller base64-encodes it).
 * @example const png = await qrCodePng(otpauthUri({ seed, label, issuer }));
 */
export async function qrCodePng(uri: string): Promise<Buffer> {
  // Medium error correction and a 4-module quiet zone: readable from a screen by any phone camera.
  return QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
}
