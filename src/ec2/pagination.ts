import { invalidPaginationToken, invalidParameterValue } from './errors.js';

/**
 * EC2's `MaxResults` / `NextToken` paging over items listed in a stable order: the token is opaque
 * to clients and names the last position given out.
 */

export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

const PREFIX = 'iamfa1:';

/** The position a NextToken continues after (0 when there is none). */
export function positionAfter(nextToken: string | undefined): number {
  if (nextToken === undefined) return 0;
  const text = Buffer.from(nextToken, 'base64url').toString('utf8');
  const position = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(position) || position < 0) throw invalidPaginationToken(nextToken);
  return position;
}

/** EC2's bounds on `MaxResults` (5 to 1000) for the Describe actions that page. */
export function checkMaxResults(maxResults: number | undefined): void {
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000))
    throw invalidParameterValue(
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
}

/** The first `maxResults` items (all when undefined) and a token for the rest. */
export function page<T>(
  items: T[],
  maxResults: number | undefined,
  positionOf: (item: T) => number,
): Page<T> {
  if (maxResults === undefined || items.length <= maxResults) return { items, nextToken: undefined };
  const shown = items.slice(0, maxResults);
  const last = shown[shown.length - 1] as T;
  return { items: shown, nextToken: Buffer.from(`${PREFIX}${positionOf(last)}`).toString('base64url') };
}
