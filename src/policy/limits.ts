import type { PolicyKind } from './ast.js';

/**
 * AWS's size limits for policy documents (IAM User Guide, "IAM and AWS STS quotas", character
 * limits; STS API reference for session policies), and how AWS measures a document against them.
 */

/** How a limit measures a document. */
export type SizeMeasure =
  /** IAM quotas: "IAM does not count white space when calculating the size of a policy". */
  | 'without-whitespace'
  /** STS session policies: the plaintext parameter, every character counted. */
  | 'all-characters';

export interface SizeLimit {
  /** Maximum size in characters. */
  readonly max: number;
  readonly measure: SizeMeasure;
  /** Whether the limit is the sum over all of an entity's inline policies (the store checks the sum). */
  readonly aggregate: boolean;
  /** The quota as AWS names it in its LimitExceeded message, when it has a name. */
  readonly quota: string | undefined;
}

/**
 * The per-kind limits. Inline limits are aggregates per user, group or role, so one inline document
 * can be no larger than the whole allowance. Resource policies are limited by each service (S3,
 * KMS, SQS… differ), so there is none here.
 */
export const SIZE_LIMITS: Readonly<Record<PolicyKind, SizeLimit | undefined>> = {
  managed: { max: 6144, measure: 'without-whitespace', aggregate: false, quota: 'PolicySize' },
  boundary: { max: 6144, measure: 'without-whitespace', aggregate: false, quota: 'PolicySize' },
  'user-inline': { max: 2048, measure: 'without-whitespace', aggregate: true, quota: undefined },
  'group-inline': { max: 5120, measure: 'without-whitespace', aggregate: true, quota: undefined },
  'role-inline': { max: 10240, measure: 'without-whitespace', aggregate: true, quota: undefined },
  trust: { max: 2048, measure: 'without-whitespace', aggregate: false, quota: 'ACLSizePerRole' },
  session: { max: 2048, measure: 'all-characters', aggregate: false, quota: undefined },
  resource: undefined,
};

/** Whether a character is JSON whitespace (space, tab, line feed, carriage return). */
function isJsonWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * A document's size as IAM counts it against its quotas: every character except whitespace between
 * JSON tokens. Whitespace inside string values is part of the value and counts. Works on any text,
 * valid JSON or not.
 * @example policySize('{ "Version": "2012-10-17" }') // 24
 */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      size++;
      if (c === 92 /* \ */ && i + 1 < text.length) {
        size++;
        i++;
      } else if (c === 34 /* " */) inString = false;
    } else if (!isJsonWhitespace(c)) {
      size++;
      if (c === 34) inString = true;
    }
  }
  return size;
}

/**
 * The size of a document measured the way `limit` measures it.
 * @example measuredSize('{ }', SIZE_LIMITS.session!) // 3
 */
export function measuredSize(text: string, limit: SizeLimit): number {
  return limit.measure === 'all-characters' ? text.length : policySize(text);
}

/**
 * The aggregate size of an entity's inline policies (what the user, group and role inline limits
 * apply to).
 * @example aggregateInlineSize([userPolicyA, userPolicyB]) <= SIZE_LIMITS['user-inline']!.max
 */
export function aggregateInlineSize(texts: Iterable<string>): number {
  let total = 0;
  for (const text of texts) total += policySize(text);
  return total;
}

/**
 * The message AWS gives when a document is over its limit, e.g. `Cannot exceed quota for
 * PolicySize: 6144`; inline and session policies have their own wording.
 */
export function sizeLimitMessage(kind: PolicyKind, limit: SizeLimit, size: number): string {
  const measured =
    limit.measure === 'without-whitespace' ? 'characters, not counting whitespace' : 'characters';
  const aws =
    limit.quota !== undefined
      ? `Cannot exceed quota for ${limit.quota}: ${limit.max}.`
      : kind === 'session'
        ? `Session policies cannot exceed ${limit.max} characters.`
        : `Maximum policy size of ${limit.max} bytes exceeded.`;
  return `${aws} This ${kind} policy is ${size} ${measured}.`;
}
