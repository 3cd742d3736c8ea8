import { findInstances, type InstanceRow } from '../store/ec2-instances.js';
import type { Tx } from '../store/store.js';
import { instancesNotFound, malformedInstanceId, type Ec2Error } from './errors.js';
import { idPrefix } from './ids.js';
import type { Ec2Scope } from './instances.js';
import { expired } from './states.js';

/** The rows of instances still visible at `now` (terminated ones go after an hour). */
export function visibleNow(rows: readonly InstanceRow[], now: Date): InstanceRow[] {
  return rows.filter((row) => !expired(row.state, new Date(row.state_changed_at), now));
}

/**
 * The instances with these ids that are visible now; NotFound naming every one that is not. An id
 * that is no instance id at all is refused first, as EC2 does, with `malformed`'s error.
 */
export async function existingInstances(
  tx: Tx,
  scope: Ec2Scope,
  ids: readonly string[],
  now: Date,
  malformed: (id: string) => Ec2Error = malformedInstanceId,
): Promise<InstanceRow[]> {
  for (const id of ids) if (idPrefix(id) !== 'i') throw malformed(id);
  const rows = visibleNow(await findInstances(tx, scope.accountId, scope.region, ids), now);
  const found = new Set(rows.map((row) => row.id));
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length > 0) throw instancesNotFound(missing);
  return rows;
}
