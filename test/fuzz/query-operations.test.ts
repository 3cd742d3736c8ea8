/**
 * Fuzzing every operation the server serves, over the wire. For each operation of IAM, STS and EC2
 * (the `operations` of the served services), requests signed by the administrator carry parameters
 * generated from the operation's input shape in the model: the right names with good, wrong and
 * random values, required members left out, unknown members added, numbers out of range and not
 * numbers, huge and unicode strings, list elements out of order or numbered oddly, lists and
 * structures where scalars belong and the reverse, names nested far deeper than any model's. Then
 * fully random actions and parameters, and a few hand-picked adversarial bodies.
 *
 * Every answer must be: a status under 500; well-formed XML in the service's envelope
 * (`<ErrorResponse>` for IAM and STS, `<Response><Errors>` for EC2, `<{Action}Response>` on
 * success) with the request id of its header; an error code AWS uses (the model's error shapes or
 * the common errors); an error whenever a required member is missing; and no stack trace, file
 * path or the administrator's secret. The server must stay healthy throughout.
 *
 * Random calls change state (they may delete users or create keys), so the suite runs on a server
 * of its own. It runs in the `sqlite` project only (test/fuzz is not among the PostgreSQL suites).
 */
import { HttpRequest } from '@smithy/core/protocols';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Service } from '../../src/api/ec2/index.js';
import { iamService } from '../../src/api/iam/index.js';
import type { QueryService } from '../../src/api/query-service.js';
import type { MemberRef, ServiceModel, Shape } from '../../src/api/query/index.js';
import { signer } from '../support/signer.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { stsService } from '../../src/api/sts/index.js';
import { Figures, fuzzRuns, fuzzSeed, fuzzTimeout } from './figures.js';
import { childNames, parseXml, type XmlElement } from './xml.js';

const SEED = fuzzSeed();
const figures = new Figures('query operations', SEED);
const SERVICES: readonly QueryService[] = [iamService, stsService, ec2Service];

type Pair = readonly [string, string];

// ---------------------------------------------------------------------------------------------
// The error codes AWS uses

/** The errors every AWS query service shares (IAM and STS API Reference, "Common Errors"). */
const COMMON_ERRORS = [
  'AccessDenied',
  'IncompleteSignature',
  'InternalFailure',
  'InvalidAction',
  'InvalidClientTokenId',
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'InvalidQueryParameter',
  'MalformedQueryString',
  'MissingAction',
  'MissingAuthenticationToken',
  'MissingParameter',
  'NotAuthorized',
  'OptInRequired',
  'RequestExpired',
  'ServiceUnavailable',
  'SignatureDoesNotMatch',
  'ThrottlingException',
  'Throttling',
  'ValidationError',
  'ExpiredToken',
  // Not in any model: iamfa's HTTP layer refuses an oversized body or request line in the same
  // envelope (AWS's front ends answer these before the service does).
  'RequestEntityTooLarge',
  'RequestHeaderFieldsTooLarge',
];

/** EC2's error codes (EC2 API Reference, "Error codes for the Amazon EC2 API"): the client errors
 * the operations iamfa serves can give, and the common ones. Its model has no error shapes. */
const EC2_ERRORS = [
  'AuthFailure',
  'Blocked',
  'DryRunOperation',
  'IdempotentParameterMismatch',
  'IncompleteSignature',
  'IncorrectInstanceState',
  'IncorrectState',
  'InstanceLimitExceeded',
  'InsufficientInstanceCapacity',
  'InvalidAction',
  'InvalidAMIID.Malformed',
  'InvalidAMIID.NotFound',
  'InvalidCharacter',
  'InvalidClientTokenId',
  'InvalidFilter',
  'InvalidID',
  'InvalidInstanceID',
  'InvalidInstanceID.Malformed',
  'InvalidInstanceID.NotFound',
  'InvalidInstanceType',
  'InvalidPaginationToken',
  'InvalidParameter',
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'InvalidQueryParameter',
  'InvalidRequest',
  'InvalidTagKey.Malformed',
  'InvalidZone.NotFound',
  'MalformedQueryString',
  'MissingAction',
  'MissingAuthenticationToken',
  'MissingParameter',
  'OptInRequired',
  'PendingVerification',
  'RequestExpired',
  'RequestLimitExceeded',
  'TagLimitExceeded',
  'UnauthorizedOperation',
  'UnknownParameter',
  'UnsupportedOperation',
  'UnsupportedProtocol',
  'ValidationError',
];

/** The codes a service may answer with: its model's error shapes and the common errors. */
function knownCodes(service: QueryService): ReadonlySet<string> {
  if (service.model.metadata.protocol === 'ec2') return new Set(EC2_ERRORS);
  const codes = new Set(COMMON_ERRORS);
  for (const shape of Object.values(service.model.shapes))
    if (shape.type === 'structure' && shape.error) codes.add(shape.error.code);
  return codes;
}

/** The codes an operation's model lists, for the figures (answers outside them are counted). */
function modeledCodes(model: ServiceModel, action: string): ReadonlySet<string> {
  const codes = new Set<string>();
  for (const name of model.operations[action]?.errors ?? []) {
    const shape = model.shapes[name];
    if (shape?.type === 'structure' && shape.error) codes.add(shape.error.code);
  }
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Values

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddCharacter = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\u0007',
    '\u001f',
    '\u007f',
    '\ufeff',
    '\u2028',
    '\uffff',
    '😀',
    '\r\n',
    '&',
    '<',
    ']]>',
    '%',
    '+',
    '=',
    '\\',
  ),
  loneSurrogate,
);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.string({ maxLength: 3 }), oddCharacter), { maxLength: 8 })
      .map((a) => a.join('')),
  },
);
/** Long strings, up to the 131,072 characters of a policy document (encoded at most ~400 KB). */
const hugeString = fc
  .tuple(fc.constantFrom(1_000, 20_000, 131_073), fc.constantFrom('a', 'é', '😀', '%', '\u0000'))
  .map(([n, c]) => c.repeat(Math.floor(n / (c === 'a' ? 1 : 6))));

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
});
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }],
});

/** Plausible values: the fuzz fixtures' names, ARNs, ids, documents. */
const PLAUSIBLE = [
  'fuzz-user',
  'fuzz-group',
  'fuzz-role',
  'nobody',
  '/',
  '/fuzz/',
  'arn:aws:iam::123456789012:user/fuzz-user',
  'arn:aws:iam::123456789012:role/fuzz-role',
  'arn:aws:iam::123456789012:policy/fuzz-policy',
  'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
  'arn:aws:iam::123456789012:mfa/fuzz-user',
  'AKIAIOSFODNN7EXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'i-0123456789abcdef0',
  'ami-0123456789abcdef0',
  't2.micro',
  'us-east-1',
  'us-east-1a',
  '123456',
  'v1',
  'Active',
  'Inactive',
  'fuzz-Pa55word!',
  POLICY,
  TRUST,
];

/** Policy-like documents: the fixtures' policies mangled, and JSON nested deep (as deep as a document's quota allows). */
const policyText: fc.Arbitrary<string> = fc.oneof(
  fc
    .constantFrom(POLICY, TRUST)
    .chain((doc) =>
      fc
        .tuple(
          fc.nat(doc.length),
          fc.nat(doc.length),
          fc.constantFrom('', ',', '}', '"', '\u0000', '// x\n', '😀'),
        )
        .map(([a, b, insert]) => doc.slice(0, Math.min(a, b)) + insert + doc.slice(Math.max(a, b))),
    ),
  fc
    .tuple(fc.integer({ min: 1, max: 30_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
    .map(
      ([depth, [open, close]]) =>
        `{"Version":"2012-10-17","Statement":${open.repeat(depth)}1${close.repeat(depth)}}`,
    ),
);

/** Numbers as text: in range, at and past the limits, not integers, not numbers. */
function numberText(
  shape: Extract<Shape, { type: 'integer' | 'long' | 'float' | 'double' }>,
): fc.Arbitrary<string> {
  const min = shape.min ?? -(2 ** 31);
  const max = shape.max ?? 2 ** 31 - 1;
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }).map(String) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        String(min - 1),
        String(max + 1),
        '2147483648',
        '-2147483649',
        '9223372036854775808',
        '1e309',
        '-0',
        '1.5',
        '1e3',
        '0x10',
        ' 1',
        '+1',
        '٣',
        'NaN',
        'Infinity',
        '',
        '99999999999999999999999999999999',
      ),
    },
    { weight: 1, arbitrary: anyString },
  );
}

/** Text for a scalar of this shape: mostly plausible, often wrong, sometimes random or huge. */
function scalarText(shape: Shape, big = false): fc.Arbitrary<string> {
  switch (shape.type) {
    case 'string': {
      const edges: string[] = [];
      if (shape.min !== undefined && shape.min > 0) edges.push('a'.repeat(shape.min - 1));
      if (shape.max !== undefined && shape.max <= 200_000)
        edges.push('a'.repeat(shape.max), 'a'.repeat(shape.max + 1));
      // Strings long enough for a policy document get policy-like documents too.
      const documents = big && (shape.max ?? 0) >= 2_048;
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...(shape.enum ?? []), ...PLAUSIBLE) },
        { weight: 1, arbitrary: edges.length > 0 ? fc.constantFrom(...edges) : fc.constant('') },
        { weight: 3, arbitrary: anyString },
        { weight: big ? 1 : 0, arbitrary: hugeString },
        { weight: documents ? 3 : 0, arbitrary: policyText },
      );
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return numberText(shape);
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 'TRUE', 'False', 'yes', '1', '0', ''), anyString);
    case 'timestamp':
      return fc.oneof(
        fc.constantFrom(
          '2024-01-01T00:00:00Z',
          '2024-01-01T00:00:00.123+02:00',
          '2024-13-45T99:99:99Z',
          '1700000000',
          'Mon, 01 Jan 2024 00:00:00 GMT',
          '+275760-09-13T00:00:00Z',
          '',
        ),
        anyString,
      );
    case 'blob':
      return fc.oneof(fc.constantFrom('QUJD', 'AA==', '====', 'not base64!', ''), anyString);
    default:
      return anyString;
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters from the model

/** The member's name on the wire, as the protocol names it (see src/api/query/decode.ts). */
function wireName(ec2: boolean, member: string, ref: MemberRef): string {
  if (!ec2) return ref.locationName ?? member;
  if (ref.queryName) return ref.queryName;
  return ref.locationName ? ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1) : member;
}

/** List element numbers: 1…n in order mostly, else out of order, with gaps, zero, huge or not numbers. */
const elementNumbers: fc.Arbitrary<string[]> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.integer({ min: 0, max: 3 }).map((n) => Array.from({ length: n }, (_, i) => String(i + 1))),
  },
  {
    weight: 2,
    arbitrary: fc.uniqueArray(
      fc.constantFrom(
        '1',
        '2',
        '3',
        '5',
        '10',
        '100',
        '0',
        '-1',
        '01',
        '2147483648',
        '9007199254740993',
        '1e2',
        'x',
        '',
      ),
      { minLength: 1, maxLength: 4 },
    ),
  },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 60 }, (_, i) => String(60 - i))) },
);

/** Parameters for a value of shape `name` at `prefix` (at most `depth` levels further down). */
function valueParams(model: ServiceModel, name: string, prefix: string, depth: number): fc.Arbitrary<Pair[]> {
  const shape = model.shapes[name];
  if (!shape) return fc.constant([]);
  const ec2 = model.metadata.protocol === 'ec2';
  switch (shape.type) {
    case 'structure':
      return depth <= 0 ? fc.constant([]) : structureParams(model, name, prefix, depth - 1);
    case 'list': {
      if (depth <= 0) return fc.constant([]);
      let elementPrefix = prefix;
      if (!ec2) {
        const elementName = shape.member.locationName;
        if (!shape.flattened) elementPrefix = `${prefix}.${elementName ?? 'member'}`;
        else if (elementName) elementPrefix = [...prefix.split('.').slice(0, -1), elementName].join('.');
      }
      return fc.oneof(
        {
          weight: 8,
          arbitrary: elementNumbers.chain((numbers) =>
            numbers.length === 0
              ? fc.constant<Pair[]>([])
              : fc
                  .tuple(
                    ...numbers.map((n) =>
                      valueParams(model, shape.member.shape, `${elementPrefix}.${n}`, depth - 1),
                    ),
                  )
                  .map((parts) => parts.flat()),
          ),
        },
        { weight: 1, arbitrary: fc.constant<Pair[]>([[prefix, '']]) },
      );
    }
    case 'map': {
      if (depth <= 0) return fc.constant([]);
      const entryPrefix = shape.flattened || ec2 ? prefix : `${prefix}.entry`;
      const keyName = shape.key.locationName ?? 'key';
      const valueName = shape.value.locationName ?? 'value';
      return elementNumbers.chain((numbers) =>
        fc
          .tuple(
            ...numbers.map((n) =>
              fc
                .tuple(
                  fc.option(scalarText(model.shapes[shape.key.shape] ?? { type: 'string' }), {
                    nil: undefined,
                    freq: 8,
                  }),
                  valueParams(model, shape.value.shape, `${entryPrefix}.${n}.${valueName}`, depth - 1),
                )
                .map(([key, value]): Pair[] =>
                  key === undefined ? value : [[`${entryPrefix}.${n}.${keyName}`, key], ...value],
                ),
            ),
          )
          .map((parts) => parts.flat()),
      );
    }
    default:
      // Huge strings only for top-level members: a list of them would pass the body limit.
      return scalarText(shape, depth >= 5).map((text): Pair[] => [[prefix, text]]);
  }
}

/** Parameters for a structure: required members mostly present, optional ones now and then. */
function structureParams(
  model: ServiceModel,
  name: string,
  prefix: string,
  depth: number,
): fc.Arbitrary<Pair[]> {
  const shape = model.shapes[name];
  if (shape?.type !== 'structure') return fc.constant([]);
  const ec2 = model.metadata.protocol === 'ec2';
  const required = new Set(shape.required ?? []);
  const members = Object.entries(shape.members).filter(([member]) => member !== 'DryRun' || ec2);
  if (members.length === 0) return fc.constant([]);
  return fc
    .tuple(
      ...members.map(([member, ref]) => {
        const key = prefix ? `${prefix}.${wireName(ec2, member, ref)}` : wireName(ec2, member, ref);
        const value = valueParams(model, ref.shape, key, depth);
        return fc.oneof(
          { weight: required.has(member) ? 9 : 2, arbitrary: value },
          { weight: required.has(member) ? 1 : 3, arbitrary: fc.constant<Pair[]>([]) },
        );
      }),
    )
    .map((parts) => parts.flat());
}

/** The top-level wire names of an operation's input members, and which are required. */
function inputMembers(model: ServiceModel, action: string): { names: string[]; required: string[] } {
  const input = model.operations[action]?.input;
  const shape = input ? model.shapes[input] : undefined;
  if (shape?.type !== 'structure') return { names: [], required: [] };
  const ec2 = model.metadata.protocol === 'ec2';
  const names = Object.entries(shape.members).map(([member, ref]) => wireName(ec2, member, ref));
  const required = (shape.required ?? []).map((member) => {
    const ref = shape.members[member];
    return ref ? wireName(ec2, member, ref) : member;
  });
  return { names, required };
}

/** A random parameter name: odd characters, dots, brackets, deep paths. */
const randomName = fc.oneof(
  anyString,
  fc.constantFrom(
    'Action',
    'Version',
    'X-Amz-Signature',
    'member',
    '.',
    '..',
    '.1',
    '1',
    'a.member.',
    'a..b',
    '[0]',
    '',
  ),
  fc
    .array(fc.constantFrom('A', 'member', '1', 'entry', 'key', 'value', '0', '-1'), {
      minLength: 2,
      maxLength: 50,
    })
    .map((s) => s.join('.')),
);

/** The right names with the wrong structure: lists, maps and structures where scalars go, and back. */
function misshapen(names: readonly string[]): fc.Arbitrary<Pair[]> {
  if (names.length === 0) return fc.constant([]);
  return fc.array(
    fc
      .tuple(
        fc.constantFrom(...names),
        fc.constantFrom(
          '',
          '.member.1',
          '.1',
          '.entry.1.key',
          '.Key',
          '.member.1.member.1',
          '.member',
          '.member.0',
          `${'.member.1'.repeat(40)}.Key`,
        ),
        scalarText({ type: 'string' }),
      )
      .map(([name, suffix, value]): Pair => [`${name}${suffix}`, value]),
    { maxLength: 3 },
  );
}

/** Parameters for an operation: from its model, plus misshapen and unknown ones, sometimes repeated. */
function operationParams(model: ServiceModel, action: string): fc.Arbitrary<Pair[]> {
  const input = model.operations[action]?.input;
  const { names } = inputMembers(model, action);
  return (
    fc
      .tuple(
        input ? structureParams(model, input, '', 5) : fc.constant<Pair[]>([]),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant<Pair[]>([]) },
          { weight: 1, arbitrary: misshapen(names) },
        ),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant<Pair[]>([]) },
          { weight: 1, arbitrary: fc.array(fc.tuple(randomName, anyString), { maxLength: 4 }) },
        ),
        fc.boolean(),
      )
      .map(([own, odd, unknown, repeat]) => {
        const all = [...own, ...odd, ...unknown];
        // Repeating the first parameter with another value: the first one counts.
        const first = all[0];
        return repeat && first ? [...all, [first[0], 'repeated'] as const] : all;
      })
      // Bodies over the server's 1 MiB limit are the adversarial cases' business.
      .filter((params) => formBody(params).length < 1_000_000)
  );
}

// ---------------------------------------------------------------------------------------------
// The wire

/** Percent-encodes UTF-8 bytes as SigV4 does (lone surrogates become U+FFFD, as UTF-8 must). */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function formBody(pairs: readonly Pair[]): string {
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly requestId: string | null;
  readonly body: string;
}

let t: TestServer;
const SIGNING_NAME: Readonly<Record<string, string>> = { iam: 'iam', sts: 'sts', ec2: 'ec2' };

/** Sends a raw body to `/`, signed by the administrator for `service` (SigV4 over exactly these bytes). */
async function sendRaw(
  service: string,
  body: string,
  options: { method?: 'POST' | 'GET'; contentType?: string | null } = {},
): Promise<Answer> {
  const url = new URL(t.url);
  const method = options.method ?? 'POST';
  const contentType =
    options.contentType === undefined
      ? 'application/x-www-form-urlencoded; charset=utf-8'
      : options.contentType;
  const query: Record<string, string> = {};
  if (method === 'GET') for (const [k, v] of new URLSearchParams(body)) query[k] ??= v;
  const request = new HttpRequest({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      ...(method === 'POST' && contentType !== null ? { 'content-type': contentType } : {}),
    },
    ...(method === 'POST' ? { body } : { query }),
  });
  const signed = await signer(t.admin, SIGNING_NAME[service] ?? service).sign(request);
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  const target =
    method === 'POST'
      ? `${t.url}/`
      : `${t.url}/?${Object.entries(query)
          .map(([k, v]) => `${encode(k)}=${encode(v)}`)
          .join('&')}`;
  const response = await fetch(target, { method, headers, ...(method === 'POST' ? { body } : {}) });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-amzn-requestid'),
    body: await response.text(),
  };
}

function send(
  service: QueryService,
  action: string,
  params: readonly Pair[],
  method: 'POST' | 'GET' = 'POST',
) {
  const head: Pair[] = [
    ['Action', action],
    ['Version', service.model.metadata.apiVersion],
  ];
  return sendRaw(service.name, formBody([...head, ...params]), { method });
}

// ---------------------------------------------------------------------------------------------
// What every answer must be

/** Stack frames, source paths and the like that must never reach a client. */
const LEAKS = [
  /\n\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/,
  /\/work\/|\/home\/|\/tmp\/|node_modules|file:\/\//,
  /\.(ts|js|mjs|cjs):\d+/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/,
  /SQLITE_|sqlite|better-sqlite3|kysely|postgres/i,
];

function textOf(element: XmlElement, name: string): string | undefined {
  return element.children.find((c) => c.name === name)?.text;
}

/**
 * Checks one answer for a request of `action` to `service`; returns what is wrong, or undefined.
 * `failing` says why the request cannot succeed, when it cannot (see mustFail).
 */
function problem(
  service: QueryService,
  action: string | undefined,
  answer: Answer,
  failing: string | undefined,
): string | undefined {
  figures.saw('statuses', String(answer.status));
  if (answer.status >= 500) return `status ${answer.status}`;
  if (answer.contentType !== 'text/xml') return `content-type ${String(answer.contentType)}`;
  if (answer.body.includes(t.admin.secretAccessKey)) return "the administrator's secret key in the body";
  let root: XmlElement;
  try {
    root = parseXml(answer.body);
  } catch (e) {
    return `the body is not well-formed XML: ${(e as Error).message}`;
  }
  const ec2 = service.model.metadata.protocol === 'ec2';
  if (answer.status === 200) {
    if (failing) return `succeeded although ${failing}`;
    if (action === undefined) return 'succeeded without an action';
    if (root.name !== `${action}Response`)
      return `success body rooted at <${root.name}>, not <${action}Response>`;
    const id = ec2
      ? textOf(root, 'requestId')
      : root.children.find((c) => c.name === 'ResponseMetadata')?.children[0]?.text;
    if (id !== answer.requestId)
      return `request id ${String(id)} in the body, ${String(answer.requestId)} in the header`;
    figures.saw('successful operations', `${service.name}:${action}`);
    return undefined;
  }
  for (const leak of LEAKS) if (leak.test(answer.body)) return `the error body leaks ${String(leak)}`;
  let code: string | undefined;
  if (ec2) {
    if (root.name !== 'Response' || childNames(root).join(',') !== 'Errors,RequestID')
      return `EC2 error envelope <${root.name}> with ${childNames(root).join(',')}`;
    const errors = root.children[0] as XmlElement;
    const error = errors.children[0];
    if (childNames(errors).join(',') !== 'Error' || !error || childNames(error).join(',') !== 'Code,Message')
      return 'EC2 <Errors> is not one <Error> of <Code> and <Message>';
    if (textOf(root, 'RequestID') !== answer.requestId) return 'RequestID differs from the header';
    code = textOf(error, 'Code');
  } else {
    if (root.name !== 'ErrorResponse' || childNames(root).join(',') !== 'Error,RequestId')
      return `error envelope <${root.name}> with ${childNames(root).join(',')}`;
    if (root.attributes.get('xmlns') !== service.model.metadata.xmlNamespace) return 'wrong xmlns';
    const error = root.children[0] as XmlElement;
    if (childNames(error).join(',') !== 'Type,Code,Message')
      return `<Error> holds ${childNames(error).join(',')}`;
    if (textOf(error, 'Type') !== 'Sender')
      return `Type ${String(textOf(error, 'Type'))} on a ${answer.status}`;
    if (textOf(root, 'RequestId') !== answer.requestId) return 'RequestId differs from the header';
    code = textOf(error, 'Code');
  }
  if (!code) return 'an empty error code';
  figures.saw(`${service.name} error codes`, code);
  if (!knownCodes(service).has(code)) return `error code ${code}, which AWS does not use`;
  if (
    action !== undefined &&
    !ec2 &&
    service.model.operations[action] &&
    !modeledCodes(service.model, action).has(code) &&
    !COMMON_ERRORS.includes(code)
  )
    figures.saw('answers with a code the operation does not model', `${service.name}:${action}:${code}`);
  return undefined;
}

/** A short, readable description of a request for failure messages. */
function describeRequest(action: string, params: readonly Pair[]): string {
  const shown = params
    .slice(0, 12)
    .map(
      ([k, v]) =>
        `${JSON.stringify(k)}=${JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}… (${v.length} characters)` : v)}`,
    );
  return `${action} with ${params.length} parameters: ${shown.join(', ')}${params.length > 12 ? ', …' : ''}`;
}

/**
 * Why a request cannot succeed, whatever the server's state: a required top-level member has no
 * parameter at all, or a top-level scalar's (first) value is not of its type, outside its range
 * or length, or not one of its enum values. Undefined when nothing rules success out.
 */
function mustFail(model: ServiceModel, action: string, params: readonly Pair[]): string | undefined {
  const input = model.operations[action]?.input;
  const shape = input ? model.shapes[input] : undefined;
  if (shape?.type !== 'structure') return undefined;
  const ec2 = model.metadata.protocol === 'ec2';
  const first = new Map<string, string>();
  for (const [k, v] of params) if (!first.has(k)) first.set(k, v);
  const required = new Set(shape.required ?? []);
  for (const [member, ref] of Object.entries(shape.members)) {
    const name = wireName(ec2, member, ref);
    const text = first.get(name);
    if (required.has(member) && !params.some(([k]) => k === name || k.startsWith(`${name}.`)))
      return `${name} missing (required)`;
    const type = model.shapes[ref.shape];
    if (text === undefined || !type) continue;
    switch (type.type) {
      case 'integer':
      case 'long': {
        const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(n)) return `${name}=${text} is not an integer`;
        if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max))
          return `${name}=${text} is out of range`;
        break;
      }
      case 'boolean':
        if (!/^(true|false)$/i.test(text)) return `${name}=${text} is not a boolean`;
        break;
      case 'string': {
        // Lengths measured in both code units and code points, so that either reading agrees.
        const units = text.length;
        const points = [...text].length;
        if (type.min !== undefined && units < type.min && points < type.min) return `${name} is too short`;
        if (type.max !== undefined && units > type.max && points > type.max) return `${name} is too long`;
        if (type.enum && !type.enum.includes(text)) return `${name}=${text} is not one of its values`;
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

async function healthy(): Promise<boolean> {
  const response = await fetch(`${t.url}/health`);
  return response.status === 200 && ((await response.json()) as { status?: string }).status === 'ok';
}

// ---------------------------------------------------------------------------------------------

const RUNS_PER_OPERATION = fuzzRuns(10);

describe('fuzzing every operation with random query parameters', () => {
  const covered = new Set<string>();
  const timings: [string, number][] = [];

  beforeAll(async () => {
    t = await startTestServer();
    // Something for the plausible names to find.
    for (const params of [
      { Action: 'CreateUser', UserName: 'fuzz-user' },
      { Action: 'CreateGroup', GroupName: 'fuzz-group' },
      { Action: 'CreateRole', RoleName: 'fuzz-role', AssumeRolePolicyDocument: TRUST },
      { Action: 'CreatePolicy', PolicyName: 'fuzz-policy', PolicyDocument: POLICY },
    ]) {
      const answer = await send(
        iamService,
        params.Action,
        Object.entries(params).filter(([k]) => k !== 'Action'),
      );
      expect(answer.status, answer.body).toBe(200);
    }
  });
  afterAll(async () => {
    const operations = SERVICES.reduce((n, s) => n + Object.keys(s.operations).length, 0);
    const slowest = timings
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([op, ms]) => `${op} ${(ms / 1000).toFixed(1)} s`);
    figures.print([
      `slowest operations: ${slowest.join(', ')}`,
      `${covered.size} of ${operations} served operations fuzzed (${RUNS_PER_OPERATION} runs each, IAMFA_FUZZ_RUNS scales)`,
    ]);
    await t?.close();
  });

  for (const service of SERVICES) {
    it(
      `${service.name}: every served operation, parameters from its input shape`,
      async () => {
        const failures: string[] = [];
        for (const action of Object.keys(service.operations).sort()) {
          covered.add(`${service.name}:${action}`);
          const started = Date.now();
          const details = await fc.check(
            fc.asyncProperty(operationParams(service.model, action), fc.boolean(), async (params, get) => {
              figures.input(`${service.name} operations`);
              // GET carries the parameters in the URL: keep it to modest requests.
              const method = get && formBody(params).length < 6_000 ? 'GET' : 'POST';
              const answer = await send(service, action, params, method);
              const failing = mustFail(service.model, action, params);
              if (failing)
                figures.saw(
                  'requests that cannot succeed, by reason',
                  failing.replace(/^\S+?(=.*)? (is .*|missing.*)$/s, '$2'),
                );
              const wrong = problem(service, action, answer, failing);
              if (wrong)
                throw new Error(
                  `${wrong}\n  request: ${method} ${describeRequest(action, params)}\n  answer: ${answer.status} ${answer.body.slice(0, 600)}`,
                );
            }),
            { numRuns: RUNS_PER_OPERATION, seed: SEED, interruptAfterTimeLimit: 20_000 },
          );
          timings.push([`${service.name}:${action}`, Date.now() - started]);
          if (details.failed) {
            const error = details.errorInstance;
            failures.push(
              `${service.name}:${action} (seed ${details.seed}, path ${String(details.counterexamplePath)}, shrunk ${details.numShrinks} times): ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        expect(await healthy()).toBe(true);
        expect(failures, failures.join('\n\n')).toEqual([]);
      },
      fuzzTimeout(120_000),
    );
  }

  it(
    'random actions, versions and parameters',
    async () => {
      const actions = SERVICES.flatMap((s) => Object.keys(s.model.operations));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...SERVICES),
          fc.oneof(
            fc.constantFrom(...actions),
            fc.constantFrom(...actions).map((a) => a.toLowerCase()),
            anyString,
            fc.constant(''),
          ),
          fc.oneof(
            { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
            {
              weight: 1,
              arbitrary: fc.oneof(
                fc.constantFrom('2010-05-08', '2011-06-15', '2016-11-15', '', '2010-5-8'),
                anyString,
              ),
            },
          ),
          fc
            .array(
              fc.tuple(
                randomName,
                fc.oneof({ weight: 6, arbitrary: anyString }, { weight: 1, arbitrary: hugeString }),
              ),
              {
                maxLength: 8,
              },
            )
            .filter((params) => formBody(params).length < 1_000_000),
          fc.nat(9).map((n) => n === 0),
          async (service, action, version, params, otherScope) => {
            figures.input('random actions and parameters');
            const head: Pair[] = [
              ['Action', action],
              ['Version', version ?? service.model.metadata.apiVersion],
            ];
            // Which service answers depends on the Version sent; the envelope is that service's.
            const answering =
              SERVICES.find((s) => s.model.metadata.apiVersion === head[1]?.[1]) ?? iamService;
            // Signed for that service, or now and then for another (SignatureDoesNotMatch).
            const answer = await sendRaw(
              otherScope ? service.name : answering.name,
              formBody([...head, ...params]),
            );
            const served = Object.hasOwn(answering.operations, action);
            const wrong = problem(
              answering,
              served ? action : undefined,
              answer,
              served ? undefined : 'no such action',
            );
            if (wrong)
              throw new Error(
                `${wrong}\n  request: ${describeRequest(action, [...head, ...params])}\n  answer: ${answer.status} ${answer.body.slice(0, 600)}`,
              );
          },
        ),
        { numRuns: fuzzRuns(300), seed: SEED },
      );
      expect(await healthy()).toBe(true);
    },
    fuzzTimeout(60_000),
  );

  it('afterwards, the server is healthy and still answers the administrator', async () => {
    expect(await healthy()).toBe(true);
    const answer = await send(iamService, 'GetUser', []);
    expect([answer.status, problem(iamService, 'GetUser', answer, undefined)]).toEqual([200, undefined]);
  });

  describe('hand-picked adversarial bodies', () => {
    const iam = (extra: string) => `Action=ListUsers&Version=2010-05-08${extra}`;
    const cases: readonly (readonly [string, () => Promise<Answer>, QueryService, string | undefined])[] = [
      [
        'invalid percent-encoding',
        () => sendRaw('iam', iam('&PathPrefix=%ZZ%4%%C3%28%FF%FE')),
        iamService,
        'ListUsers',
      ],
      [
        'invalid percent-encoding in the action',
        () => sendRaw('iam', 'Action=List%ZZUsers&Version=2010-05-08'),
        iamService,
        undefined,
      ],
      [
        'a lone percent sign and an overlong UTF-8 sequence',
        () => sendRaw('iam', iam('&Marker=%&MaxItems=%C0%B1')),
        iamService,
        'ListUsers',
      ],
      [
        'a GET whose URL is over 16 KB',
        () => sendRaw('iam', iam(`&PathPrefix=/${'c'.repeat(20_000)}/`), { method: 'GET' }),
        iamService,
        'ListUsers',
      ],
      [
        'CreateLoginProfile without a Password',
        async () => {
          await sendRaw('iam', 'Action=CreateUser&Version=2010-05-08&UserName=fuzz-no-password');
          return sendRaw('iam', 'Action=CreateLoginProfile&Version=2010-05-08&UserName=fuzz-no-password');
        },
        iamService,
        'CreateLoginProfile',
      ],
      [
        'CreatePolicy with a document nested 3,000 levels deep',
        () =>
          sendRaw(
            'iam',
            `Action=CreatePolicy&Version=2010-05-08&PolicyName=fuzz-deep&PolicyDocument=${encode(
              `{"Version":"2012-10-17","Statement":${'['.repeat(3_000)}${']'.repeat(3_000)}}`,
            )}`,
          ),
        iamService,
        'CreatePolicy',
      ],
      [
        'GetContextKeysForCustomPolicy with a document nested 10,000 levels deep',
        () =>
          sendRaw(
            'iam',
            `Action=GetContextKeysForCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=${encode(
              `{"Version":"2012-10-17","Statement":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
            )}`,
          ),
        iamService,
        'GetContextKeysForCustomPolicy',
      ],
      [
        'a body just under 1 MiB',
        () => sendRaw('iam', iam(`&PathPrefix=/${'a'.repeat(1024 * 1024 - 100)}`)),
        iamService,
        'ListUsers',
      ],
      [
        'a body over 1 MiB',
        () => sendRaw('iam', iam(`&PathPrefix=/${'a'.repeat(1024 * 1024 + 10)}`)),
        iamService,
        'ListUsers',
      ],
      [
        '10,000 parameters',
        () => sendRaw('iam', iam(Array.from({ length: 10_000 }, (_, i) => `&P${i}=${i}`).join(''))),
        iamService,
        'ListUsers',
      ],
      [
        '5,000 list elements',
        () =>
          sendRaw(
            'iam',
            `Action=CreateUser&Version=2010-05-08&UserName=fuzz-many-tags${Array.from({ length: 5_000 }, (_, i) => `&Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('')}`,
          ),
        iamService,
        'CreateUser',
      ],
      [
        '5,000 EC2 instance ids',
        () =>
          sendRaw(
            'ec2',
            `Action=DescribeInstances&Version=2016-11-15${Array.from({ length: 5_000 }, (_, i) => `&InstanceId.${i + 1}=i-${String(i).padStart(17, '0')}`).join('')}`,
          ),
        ec2Service,
        'DescribeInstances',
      ],
      [
        'Action repeated',
        () => sendRaw('iam', 'Action=ListUsers&Action=DeleteUser&Version=2010-05-08&UserName=fuzz-user'),
        iamService,
        'ListUsers',
      ],
      [
        'Action repeated, the first one empty',
        () => sendRaw('iam', 'Action=&Action=ListUsers&Version=2010-05-08'),
        iamService,
        undefined,
      ],
      [
        'Version repeated',
        () => sendRaw('iam', 'Action=ListUsers&Version=2010-05-08&Version=2011-06-15'),
        iamService,
        'ListUsers',
      ],
      [
        'a name 100,000 segments deep',
        () => sendRaw('iam', iam(`&${'Tags.member.1.'.repeat(7_000)}Key=x`)),
        iamService,
        'ListUsers',
      ],
      ['only separators', () => sendRaw('iam', '&&&&===&=&'), iamService, undefined],
      ['no body', () => sendRaw('iam', ''), iamService, undefined],
      [
        'a JSON body',
        () =>
          sendRaw('iam', '{"Action":"ListUsers","Version":"2010-05-08"}', {
            contentType: 'application/json',
          }),
        iamService,
        undefined,
      ],
      ['no content type', () => sendRaw('iam', iam(''), { contentType: null }), iamService, 'ListUsers'],
      [
        'NUL bytes and a BOM',
        () => sendRaw('iam', `\ufeff${iam('&PathPrefix=/%00%00/')}`),
        iamService,
        'ListUsers',
      ],
      [
        'a query string on a GET 8 KB long',
        () => sendRaw('iam', iam(`&PathPrefix=/${'b'.repeat(8_000)}/`), { method: 'GET' }),
        iamService,
        'ListUsers',
      ],
    ];
    for (const [name, run, service, action] of cases) {
      it(name, async () => {
        figures.input('adversarial bodies');
        const answer = await run();
        const wrong = problem(service, action, answer, undefined);
        expect(wrong, `${wrong ?? ''}: ${answer.status} ${answer.body.slice(0, 600)}`).toBeUndefined();
        expect(await healthy()).toBe(true);
      });
    }
  });
});
