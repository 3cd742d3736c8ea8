/** SigV4 timestamps: ISO 8601 basic format in UTC, `YYYYMMDD'T'HHMMSS'Z'`, e.g. `20150830T123600Z`. */

const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Reads a timestamp in basic format; undefined for anything else, impossible dates included. */
export function parseAmzDate(text: string): Date | undefined {
  if (!BASIC_FORMAT.test(text)) return undefined;
  const date = new Date(text.replace(BASIC_FORMAT, '$1-$2-$3T$4:$5:$6Z'));
  // Invalid fields give NaN or roll over (20150231 becomes March 3rd); a round trip catches both.
  return !Number.isNaN(date.getTime()) && formatAmzDate(date) === text ? date : undefined;
}

/** Formats a time in basic format, dropping milliseconds. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
