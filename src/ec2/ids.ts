import { randomBytes } from 'node:crypto';

/**
 * EC2's resource ids: a prefix naming the resource type and 17 lower-case hex digits
 * (`i-0123456789abcdef0`); ids made before 2016 have 8, and EC2 still accepts them.
 */

function hexId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

/** A new instance id. */
export function newInstanceId(): string {
  return hexId('i');
}

/** A new reservation id (one per RunInstances call). */
export function newReservationId(): string {
  return hexId('r');
}

const ID = /^([a-z]+)-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** The resource type prefix of a well-formed id (`i`, `ami`, …), or undefined. */
export function idPrefix(id: string): string | undefined {
  return ID.exec(id)?.[1];
}
