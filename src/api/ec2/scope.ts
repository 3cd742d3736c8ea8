import type { Ec2Scope } from '../../ec2/instances.js';
import type { Caller } from '../operation.js';

/** EC2 acts in the caller's account and the region its request was signed for. */
export function scopeOf(caller: Caller): Ec2Scope {
  return { accountId: caller.accountId, region: caller.region };
}
