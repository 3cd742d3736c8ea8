import { randomBytes } from 'node:crypto';
import type { CallContext, Caller } from '../../src/api/operation.js';
import { secretBox, type SecretBox } from '../../src/auth/secret-box.js';
import { outboxSender } from '../../src/sms/outbox.js';
import type { Store } from '../../src/store/store.js';

/** A caller for handler tests: its kind read from the ARN, no tags, region us-east-1. */
export function testCaller(arn: string, extra: Partial<Caller> = {}): Caller {
  const accountId = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? '123456789012';
  const principalType = arn.endsWith(':root')
    ? 'Account'
    : arn.includes(':assumed-role/')
      ? 'AssumedRole'
      : 'User';
  return { accountId, arn, principalType, tags: {}, region: 'us-east-1', ...extra };
}

/**
 * A handler's context for handler tests: the account root of `123456789012` calling at `now`,
 * secrets sealed under a fresh key, texts into the outbox.
 */
export function testCallContext(
  store: Store,
  options: { caller?: Caller; now?: Date; secrets?: SecretBox } = {},
): CallContext {
  const secrets = options.secrets ?? secretBox(randomBytes(32));
  return {
    store,
    caller: options.caller ?? testCaller('arn:aws:iam::123456789012:root'),
    requestId: 'req-1',
    now: options.now ?? new Date(),
    secrets,
    sms: outboxSender(store, secrets),
  };
}
