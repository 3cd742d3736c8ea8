import { formatAmzDate } from './amz-date.js';
import { signatureOutsideClockWindow, type SigV4Error } from './errors.js';

/** How far a request's time may be from the server's: AWS allows 15 minutes either way. */
export const DEFAULT_ALLOWED_SKEW_SECONDS = 15 * 60;

// AWS writes the window as "15 min"; any other whole number of minutes likewise, else seconds.
function describe(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`;
}

/**
 * Checks a request's signing time against the server clock, with AWS's messages:
 * `Signature expired: 20130524T000000Z is now earlier than 20130524T001500Z (20130524T003000Z - 15 min.)`
 * and `Signature not yet current: … is still later than … (… + 15 min.)`. `maxAgeSeconds` narrows
 * the past side (a presigned URL's `X-Amz-Expires`); the future side is always `allowedSkewSeconds`.
 */
export function checkClock(
  requestTime: Date,
  now: Date,
  allowedSkewSeconds: number = DEFAULT_ALLOWED_SKEW_SECONDS,
  maxAgeSeconds: number = allowedSkewSeconds,
): SigV4Error | undefined {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const requestSeconds = Math.floor(requestTime.getTime() / 1000);
  const at = (seconds: number): string => formatAmzDate(new Date(seconds * 1000));
  const pastWindow = Math.min(allowedSkewSeconds, maxAgeSeconds);
  if (requestSeconds < nowSeconds - pastWindow) {
    return signatureOutsideClockWindow(
      `Signature expired: ${at(requestSeconds)} is now earlier than ${at(nowSeconds - pastWindow)} (${at(nowSeconds)} - ${describe(pastWindow)}.)`,
    );
  }
  if (requestSeconds > nowSeconds + allowedSkewSeconds) {
    return signatureOutsideClockWindow(
      `Signature not yet current: ${at(requestSeconds)} is still later than ${at(nowSeconds + allowedSkewSeconds)} (${at(nowSeconds)} + ${describe(allowedSkewSeconds)}.)`,
    );
  }
  return undefined;
}
