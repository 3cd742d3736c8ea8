import { IamError } from './errors.js';

/** A page of a listing, as IAM's List* operations return it. */
export interface Page<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/**
 * Pages a listing with IAM's `Marker`/`MaxItems` (default 100, 1–1000): the marker is opaque to
 * clients and holds the offset of the next item.
 */
export function paginate<T>(all: readonly T[], input: { Marker?: string; MaxItems?: number }): Page<T> {
  const start = input.Marker === undefined ? 0 : decodeMarker(input.Marker);
  const size = input.MaxItems ?? 100;
  const items = all.slice(start, start + size);
  const next = start + items.length;
  return next < all.length
    ? { items, IsTruncated: true, Marker: encodeMarker(next) }
    : { items, IsTruncated: false };
}

function encodeMarker(offset: number): string {
  return Buffer.from(`iamfa:${offset}`).toString('base64url');
}

function decodeMarker(marker: string): number {
  const match = /^iamfa:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString());
  if (!match) throw new IamError('InvalidInput', 'Invalid Marker.');
  return Number(match[1]);
}
