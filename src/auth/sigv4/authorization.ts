import { parseAmzDate } from './amz-date.js';
import { parseQuery, type QueryParameter } from './canonical-query.js';
import { checkClock, DEFAULT_ALLOWED_SKEW_SECONDS } from './clock.js';
import {
  incompleteSignature,
  missingAuthenticationToken,
  signatureDoesNotMatch,
  wrongSignature,
  type SigV4Error,
  type SigV4Result,
} from './errors.js';
import { firstHeader, headerValues, type SigV4Request } from './request.js';
import { ALGORITHM } from './string-to-sign.js';

/** The credential a request was signed with: `AKID/20150830/us-east-1/iam/aws4_request`. */
export interface Credential {
  readonly accessKeyId: string;
  /** `YYYYMMDD`, equal to the date part of the request time. */
  readonly date: string;
  /** Whatever region the client is configured with; any non-empty name is accepted. */
  readonly region: string;
  /** The signing name (`iam`, `sts`, `ec2`); the endpoint decides whether it is the right one. */
  readonly service: string;
  readonly terminator: 'aws4_request';
}

/** Everything a SigV4-signed request says about its own signing, checked for shape. */
export interface SigV4Authorization {
  /** The `Authorization` header, or a presigned URL's query parameters. */
  readonly form: 'header' | 'query';
  readonly credential: Credential;
  /** `date/region/service/aws4_request`, as it goes into the string to sign. */
  readonly credentialScope: string;
  /** Lower-cased and sorted; always includes `host`. */
  readonly signedHeaders: readonly string[];
  /** As sent: 64 lower-case hex digits from a well-behaved client. */
  readonly signature: string;
  /** The request time as signed, `YYYYMMDD'T'HHMMSS'Z'`. */
  readonly timestamp: string;
  readonly requestTime: Date;
  /** A presigned URL's `X-Amz-Expires`, when it has one. */
  readonly expiresSeconds?: number;
  /** `X-Amz-Security-Token` (header or query), for the caller to validate with the access key. */
  readonly sessionToken?: string;
}

export interface AuthorizationOptions {
  /** When given, the request time must be within the allowed skew of it (checked where AWS checks it). */
  readonly now?: Date;
  /** The signing name this endpoint answers to; a credential scoped to another is refused as AWS does. */
  readonly service?: string;
  /** Defaults to AWS's 15 minutes. */
  readonly allowedSkewSeconds?: number;
}

// What the header or the query string says, before any of it is checked.
interface Claimed {
  readonly form: 'header' | 'query';
  readonly algorithm: string;
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly expires: string | undefined;
  readonly sessionToken: string | undefined;
}

const TERMINATOR = 'aws4_request';

function failure(error: SigV4Error): { readonly ok: false; readonly error: SigV4Error } {
  return { ok: false, error };
}

function fromHeader(request: SigV4Request, header: string): SigV4Result<Claimed> {
  const trimmed = header.trim();
  if (!trimmed.startsWith('AWS4-')) return failure(missingAuthenticationToken());
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const fields = new Map<string, string>();
  // AWS splits the parameters on commas and on whitespace alike; the last of a repeated key wins.
  for (const pair of (space < 0 ? '' : trimmed.slice(space)).split(/[\s,]+/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      return failure(
        incompleteSignature(
          `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
        ),
      );
    }
    fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }

  const missing: string[] = [];
  const credential = fields.get('Credential');
  if (!credential) missing.push("Authorization header requires 'Credential' parameter.");
  const signature = fields.get('Signature');
  if (!signature) missing.push("Authorization header requires 'Signature' parameter.");
  const signedHeaders = fields.get('SignedHeaders');
  if (signedHeaders === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  const timestamp = firstHeader(request, 'x-amz-date') ?? firstHeader(request, 'date');
  if (timestamp === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (!credential || !signature || signedHeaders === undefined || timestamp === undefined) {
    return failure(incompleteSignature(`${missing.join(' ')} Authorization=${header}`));
  }
  return {
    ok: true,
    value: {
      form: 'header',
      algorithm,
      credential,
      signedHeaders,
      signature,
      timestamp,
      expires: undefined,
      sessionToken: firstHeader(request, 'x-amz-security-token'),
    },
  };
}

function fromQuery(parameters: readonly QueryParameter[]): SigV4Result<Claimed> {
  // Of a repeated parameter, the first counts (the canonical query still signs them all).
  const first = (name: string): string | undefined => parameters.find((p) => p.name === name)?.value;
  if (first('X-Amz-Algorithm') !== ALGORITHM) return failure(missingAuthenticationToken());

  const missing: string[] = [];
  const required = (name: string): string | undefined => {
    const value = first(name);
    if (value === undefined) missing.push(`AWS query-string parameters must include '${name}'.`);
    return value;
  };
  const credential = required('X-Amz-Credential');
  const signature = required('X-Amz-Signature');
  const signedHeaders = required('X-Amz-SignedHeaders');
  const timestamp = required('X-Amz-Date');
  if (
    credential === undefined ||
    signature === undefined ||
    signedHeaders === undefined ||
    timestamp === undefined
  ) {
    return failure(incompleteSignature(`${missing.join(' ')} Re-examine the query-string parameters.`));
  }
  return {
    ok: true,
    value: {
      form: 'query',
      algorithm: ALGORITHM,
      credential,
      signedHeaders,
      signature,
      timestamp,
      expires: first('X-Amz-Expires'),
      sessionToken: first('X-Amz-Security-Token'),
    },
  };
}

// The scope problems AWS reports together, each sentence followed by a space.
function scopeProblems(
  parts: readonly string[],
  timestamp: string,
  expectedService: string | undefined,
): string | undefined {
  const [, date, region, service, terminator] = parts;
  let message = '';
  if (!region) message += `Credential should be scoped to a valid region, not '${region}'. `;
  if (expectedService !== undefined && service !== expectedService) {
    message += `Credential should be scoped to correct service: '${expectedService}'. `;
  }
  if (terminator !== TERMINATOR) {
    message += `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `;
  }
  if (date !== timestamp.slice(0, 8)) {
    message +=
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
      `'${date}' != '${timestamp.slice(0, 8)}', from '${timestamp}'. `;
  }
  return message === '' ? undefined : message;
}

// The checks common to both forms, in the order AWS makes them.
function check(claimed: Claimed, options: AuthorizationOptions): SigV4Result<SigV4Authorization> {
  const requestTime = parseAmzDate(claimed.timestamp);
  if (!requestTime) {
    return failure(
      incompleteSignature(
        `Date must be in ISO-8601 'basic format'. Got '${claimed.timestamp}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      ),
    );
  }

  let expiresSeconds: number | undefined;
  if (claimed.expires !== undefined) {
    if (!/^\d{1,9}$/.test(claimed.expires)) {
      return failure(
        incompleteSignature(`X-Amz-Expires must be a non-negative integer. Got '${claimed.expires}'.`),
      );
    }
    expiresSeconds = Number(claimed.expires);
  }

  if (options.now) {
    const skew = options.allowedSkewSeconds ?? DEFAULT_ALLOWED_SKEW_SECONDS;
    const clock = checkClock(requestTime, options.now, skew, expiresSeconds ?? skew);
    if (clock) return failure(clock);
  }

  const signedHeaders = claimed.signedHeaders
    .split(';')
    .filter((name) => name !== '')
    .map((name) => name.toLowerCase())
    .sort();
  if (!signedHeaders.includes('host')) {
    return failure(signatureDoesNotMatch("'Host' must be a 'SignedHeader' in the AWS Authorization."));
  }

  if (claimed.algorithm !== ALGORITHM) {
    return failure(
      incompleteSignature(
        `Unsupported AWS 'algorithm': '${claimed.algorithm}' (only AWS4-HMAC-SHA256 for now). `,
      ),
    );
  }

  // Trailing slashes are ignored, as AWS does.
  const parts = claimed.credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5) {
    return failure(
      incompleteSignature(
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${claimed.credential}'`,
      ),
    );
  }
  const problems = scopeProblems(parts, claimed.timestamp, options.service);
  if (problems) return failure(signatureDoesNotMatch(problems));

  const [accessKeyId, date, region, service] = parts as [string, string, string, string, string];
  return {
    ok: true,
    value: {
      form: claimed.form,
      credential: { accessKeyId, date, region, service, terminator: TERMINATOR },
      credentialScope: `${date}/${region}/${service}/${TERMINATOR}`,
      signedHeaders,
      signature: claimed.signature,
      timestamp: claimed.timestamp,
      requestTime,
      ...(expiresSeconds === undefined ? {} : { expiresSeconds }),
      ...(claimed.sessionToken === undefined ? {} : { sessionToken: claimed.sessionToken }),
    },
  };
}

/**
 * Reads and checks a request's SigV4 signing information, from its `Authorization` header or from
 * a presigned URL's `X-Amz-*` query parameters: everything short of the signature itself, which
 * needs the secret key (see `checkSignature`). Errors carry AWS's codes and messages, found in
 * AWS's order: missing parts, date format, clock (with `now`), Host signed, algorithm, credential.
 * @example
 * const parsed = parseAuthorization(request, { now: new Date(), service: 'iam' });
 * if (parsed.ok) lookUp(parsed.value.credential.accessKeyId);
 */
export function parseAuthorization(
  request: SigV4Request,
  options: AuthorizationOptions = {},
): SigV4Result<SigV4Authorization> {
  const header = headerValues(request, 'authorization')[0];
  const parameters = parseQuery(request.query);
  const presigned = parameters.some((p) => p.name === 'X-Amz-Algorithm');
  if (header !== undefined && presigned) return failure(wrongSignature());
  const claimed =
    header !== undefined ? fromHeader(request, header) : presigned ? fromQuery(parameters) : undefined;
  if (!claimed) return failure(missingAuthenticationToken());
  return claimed.ok ? check(claimed.value, options) : claimed;
}
