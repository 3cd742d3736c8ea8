import type { ConsoleSession } from '../../iam/console-sessions.js';
import { tagsOf } from '../../iam/tags.js';
import type { Tx } from '../../store/store.js';
import type { Caller } from '../operation.js';

/** The region console calls are made in (EC2's resources live in one; IAM's are global). */
export const CONSOLE_REGION = 'us-east-1';

/**
 * The caller a console session acts as: the IAM user itself with the session's facts, so its
 * request context carries aws:MultiFactorAuthPresent (false before MFA, true after) and
 * aws:MultiFactorAuthAge, exactly as for temporary credentials; the user's policies decide.
 */
export async function consoleCaller(tx: Tx, session: ConsoleSession): Promise<Caller> {
  const tags = await tagsOf(tx, session.userId);
  return {
    accountId: session.accountId,
    arn: session.userArn,
    userName: session.userName,
    userId: session.userId,
    principalType: 'User',
    tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    region: CONSOLE_REGION,
    session: { issuedAt: session.issuedAt, mfaAuthenticatedAt: session.mfaAuthenticatedAt },
  };
}
