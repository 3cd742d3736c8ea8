/**
 * Where iamfa follows the AWS documentation and @cloud-copilot/iam-simulate does not. Each
 * departure is generated apart from the main space, and comes with its "AWS reading": the same
 * question rewritten so that iam-simulate, which the main property shows to agree with iamfa
 * everywhere else, answers it as the documentation says (an epoch value written as the ISO date
 * it stands for, a literal `${` escaped as `${$}{`, …). The test then checks that iamfa's answer
 * to the original equals iam-simulate's answer to the AWS reading, and shows one example of each
 * with both engines' raw answers.
 */
import fc from 'fast-check';
import type { DecisionKind } from '../../src/policy/index.js';
import {
  clause,
  policyDocument,
  request,
  type Applicable,
  type Clause,
  type Pair,
  type Version,
} from './arbitraries.js';
import { ACCOUNT, EPOCH_TIME, KEYS, isMultiValued, type KeySpec } from './catalog.js';
import type { PolicyJson, Request } from './engines.js';

export interface Departure {
  readonly id: string;
  /** What iamfa does, in one line. */
  readonly rule: string;
  /** The AWS documentation that says so: page and quotation. */
  readonly source: string;
  /** Pairs that exercise the departure (others parts as in the main space). */
  readonly pairs: (applicable: Applicable) => fc.Arbitrary<Pair>;
  /** The pair rewritten so that iam-simulate answers it as AWS documents. */
  readonly awsReading: (pair: Pair) => Pair;
  /** A minimal example: the AWS answer (iamfa's) and iam-simulate's. */
  readonly example: { readonly pair: Pair; readonly aws: DecisionKind; readonly iamSimulate: DecisionKind };
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type Condition = Record<string, Record<string, string | readonly string[]>>;

/** Maps every string value (not object keys) of a JSON value. */
function mapStrings(value: Json, f: (s: string) => Json): Json {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v: Json) => mapStrings(v, f));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v as Json, f)]));
  }
  return value;
}

/** Rewrites every statement's Condition block with `f`; a block left empty is removed. */
function mapConditions(policies: readonly PolicyJson[], f: (c: Condition) => Condition): PolicyJson[] {
  return policies.map((policy) => {
    const raw = policy['Statement'];
    const statements = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
    return {
      ...policy,
      Statement: statements.map((s) => {
        const { Condition: condition, ...rest } = s;
        if (!condition) return s;
        const next = f(condition as Condition);
        return Object.keys(next).length === 0 ? rest : { ...rest, Condition: next };
      }),
    };
  });
}

/** Rewrites each value list of a Condition block whose operator passes `test`. */
function mapValues(
  condition: Condition,
  test: (operator: string) => boolean,
  f: (values: readonly string[], operator: string, key: string) => readonly string[] | undefined,
): Condition {
  const out: Condition = {};
  for (const [operator, keys] of Object.entries(condition)) {
    const next: Record<string, string | readonly string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      const list = typeof values === 'string' ? [values] : values;
      const mapped = test(operator) ? f(list, operator, key) : list;
      if (mapped !== undefined) next[key] = mapped;
    }
    if (Object.keys(next).length > 0) out[operator] = next;
  }
  return out;
}

function baseOperator(operator: string): string {
  const colon = operator.indexOf(':');
  const base = colon < 0 ? operator : operator.slice(colon + 1);
  return base.endsWith('IfExists') ? base.slice(0, -'IfExists'.length) : base;
}

function withContext(pair: Pair, context: Request['context']): Pair {
  return { ...pair, request: { ...pair.request, context } };
}

const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };

// ---------------------------------------------------------------------------------------------
// (a) Date values in epoch seconds.

/** 2024-01-01T00:00:00Z, 2024-03-15T12:30:00Z and 2024-06-30T23:59:59Z in epoch seconds. */
const EPOCH_SECONDS = ['1704067200', '1710505800', '1719791999'];
const DATE_OPERATORS = [
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
];
const DATE_KEYS: readonly KeySpec[] = [...KEYS.filter((k) => k.type === 'Date'), EPOCH_TIME];
const isDigits = (s: string): boolean => /^\d+$/.test(s);
const isoOfSeconds = (s: string): string => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z');

const dateClause: fc.Arbitrary<Clause> = fc
  .tuple(
    fc.constantFrom(...DATE_KEYS),
    fc.constantFrom(...DATE_OPERATORS),
    fc.boolean(),
    fc.uniqueArray(fc.nat(99), { minLength: 1, maxLength: 2 }),
  )
  .map(([key, name, ifExists, picks]) => {
    const pool = [...EPOCH_SECONDS, ...key.policyValues];
    return {
      operator: `${name}${ifExists ? 'IfExists' : ''}`,
      key: key.name,
      values: [...new Set(picks.map((i) => pool[i % pool.length] as string))],
    };
  });

const epochSeconds: Departure = {
  id: '(a) epoch seconds',
  rule: 'a Date value that is a number is epoch SECONDS, in the policy and in the request (iam-simulate: milliseconds)',
  source:
    'IAM User Guide, reference_policies_elements_condition_operators.html, Date condition operators: ' +
    '"You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats ' +
    'or in epoch (UNIX) time." UNIX time counts seconds; reference_policies_condition-keys.html, ' +
    'aws:EpochTime: "This key also accepts the number of seconds since January 1, 1970."',
  pairs: (applicable) =>
    fc.record({
      policies: fc.array(
        policyDocument('2012-10-17', { variables: false, clause: dateClause, focused: true }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
      request: request(applicable, DATE_KEYS),
    }),
  awsReading: (pair) => {
    const policies = mapConditions(pair.policies, (c) =>
      mapValues(
        c,
        (op) => baseOperator(op).startsWith('Date'),
        (values) => values.map((v) => (isDigits(v) ? isoOfSeconds(v) : v)),
      ),
    );
    const dateKeys = new Set(DATE_KEYS.map((k) => k.name));
    const context = Object.fromEntries(
      Object.entries(pair.request.context).map(([k, v]) => [
        k,
        dateKeys.has(k) && typeof v === 'string' && isDigits(v) ? isoOfSeconds(v) : v,
      ]),
    );
    return { policies, request: { ...pair.request, context } };
  },
  example: {
    // 1704067200 is 2024-01-01T00:00:00Z; the request was made in June 2023.
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [{ ...allowAll, Condition: { DateGreaterThan: { 'aws:CurrentTime': '1704067200' } } }],
        },
      ],
      request: {
        action: 'ec2:DescribeInstances',
        resource: '*',
        context: { 'aws:CurrentTime': '2023-06-01T00:00:00Z' },
      },
    },
    aws: 'implicitDeny',
    iamSimulate: 'allowed',
  },
};

// ---------------------------------------------------------------------------------------------
// (b) `${…}` is literal text under Version 2008-10-17 or without a Version.

const literalVariables: Departure = {
  id: '(b) no variables before 2012-10-17',
  rule: 'under Version 2008-10-17, or with no Version, ${…} is literal text (iam-simulate substitutes it)',
  source:
    'IAM User Guide, reference_policies_variables.html: "In order to use policy variables, you must include ' +
    'the Version element in a statement, and the version must be set to a version that supports policy ' +
    'variables. Variables were introduced in version 2012-10-17. Earlier versions of the policy language ' +
    "don't support policy variables. If you don't include the Version element and set it to an appropriate " +
    'version date, variables like ${aws:username} are treated as literal strings in the policy."',
  pairs: (applicable) =>
    fc.record({
      policies: fc.array(
        fc
          .constantFrom<Version>('2008-10-17', undefined)
          .chain((v) => policyDocument(v, { variables: true, focused: true })),
        { minLength: 1, maxLength: 2 },
      ),
      request: request(applicable),
    }),
  // `${$}` is the policy variable for a literal `$`: `${$}{aws:username}` is the text `${aws:username}`.
  awsReading: (pair) => ({
    ...pair,
    policies: pair.policies.map(
      (p) => mapStrings(p as Json, (s) => s.replaceAll('${', '${$}{')) as PolicyJson,
    ),
  }),
  example: {
    pair: {
      policies: [
        {
          Version: '2008-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ChangePassword',
              Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
            },
          ],
        },
      ],
      request: {
        action: 'iam:ChangePassword',
        resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
        context: { 'aws:username': 'alice' },
      },
    },
    aws: 'implicitDeny',
    iamSimulate: 'allowed',
  },
};

// ---------------------------------------------------------------------------------------------
// (c) IP ranges iam-simulate misreads: /0 over IPv4, and a bare address facing the other IP version.

const SOURCE_IP = KEYS.find((k) => k.name === 'aws:SourceIp') as KeySpec;
const IP_VALUES = [
  ...SOURCE_IP.policyValues,
  '0.0.0.0/0',
  '203.0.113.7',
  '10.20.30.40',
  '2001:db8::7',
  '2600:1f18::1',
];

const ipClause: fc.Arbitrary<Clause> = fc
  .tuple(
    fc.constantFrom('IpAddress', 'NotIpAddress'),
    fc.boolean(),
    fc.uniqueArray(fc.constantFrom(...IP_VALUES), { minLength: 1, maxLength: 3 }),
  )
  .map(([name, ifExists, values]) => ({
    operator: `${name}${ifExists ? 'IfExists' : ''}`,
    key: 'aws:SourceIp',
    values,
  }));

const ipRanges: Departure = {
  id: '(c) IP ranges',
  rule:
    '0.0.0.0/0 holds every IPv4 address, and a bare address is a /32 or /128 range that an address of the ' +
    'other IP version is outside of (iam-simulate: 0.0.0.0/0 holds only 0.0.0.0, and NotIpAddress with a ' +
    'bare address of the other version is false)',
  source:
    'IAM User Guide, reference_policies_elements_condition_operators.html, IP address condition operators: ' +
    '"The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). ' +
    'If you specify an IP address without the associated routing prefix, IAM uses the default prefix value ' +
    'of /32."; NotIpAddress: "All IP addresses except the specified IP address or range". (iam-simulate ' +
    'computes the /0 mask as -1 << 32, which JavaScript reads as -1 << 0.)',
  pairs: (applicable) =>
    fc.record({
      policies: fc.array(
        policyDocument('2012-10-17', { variables: false, clause: ipClause, focused: true }),
        { minLength: 1, maxLength: 2 },
      ),
      request: request(applicable, [SOURCE_IP]),
    }),
  awsReading: (pair) => ({
    ...pair,
    policies: mapConditions(pair.policies, (c) =>
      mapValues(
        c,
        (op) => baseOperator(op).endsWith('IpAddress'),
        (values) =>
          values.flatMap((v) =>
            v === '0.0.0.0/0'
              ? ['0.0.0.0/1', '128.0.0.0/1']
              : v.includes('/')
                ? [v]
                : [`${v}/${v.includes(':') ? 128 : 32}`],
          ),
      ),
    ),
  }),
  example: {
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [{ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }],
        },
      ],
      request: { action: 's3:ListAllMyBuckets', resource: '*', context: { 'aws:SourceIp': '192.0.2.200' } },
    },
    aws: 'allowed',
    iamSimulate: 'implicitDeny',
  },
};

// ---------------------------------------------------------------------------------------------
// (d) `ForAnyValue:…IfExists` with the key missing.

const anyValueIfExistsClause: fc.Arbitrary<Clause> = clause({ variables: false, anyValueIfExists: true }).map(
  (c) => {
    const base = baseOperator(c.operator);
    return base === 'Null' ? c : { ...c, operator: `ForAnyValue:${base}IfExists` };
  },
);

const anyValueIfExists: Departure = {
  id: '(d) ForAnyValue:…IfExists',
  rule: 'IfExists makes a ForAnyValue clause true when the key is missing (iam-simulate ignores IfExists there)',
  source:
    'IAM User Guide, reference_policies_elements_condition_operators.html, ...IfExists condition operators: ' +
    '"You can add IfExists to the end of any condition operator name except the Null condition ... If the ' +
    'key is not present, evaluate the condition element as true. Other condition elements in the statement ' +
    'can still result in a nonmatch, but not a missing key when checked with ...IfExists."',
  pairs: (applicable) =>
    fc.record({
      policies: fc.array(
        policyDocument('2012-10-17', { variables: false, clause: anyValueIfExistsClause, focused: true }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
      request: request(applicable),
    }),
  // IfExists as the guide words it: a missing key makes the clause true; otherwise it is not there.
  awsReading: (pair) => {
    const present = new Set(Object.keys(pair.request.context).map((k) => k.toLowerCase()));
    const policies = mapConditions(pair.policies, (c) => {
      const out: Condition = {};
      for (const [operator, keys] of Object.entries(c)) {
        const special = operator.startsWith('ForAnyValue:') && operator.endsWith('IfExists');
        const target = special ? operator.slice(0, -'IfExists'.length) : operator;
        for (const [key, values] of Object.entries(keys)) {
          if (special && !present.has(key.toLowerCase())) continue;
          (out[target] ??= {})[key] ??= values;
        }
      }
      return out;
    });
    return { ...pair, policies };
  },
  example: {
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            allowAll,
            {
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'team' } },
            },
          ],
        },
      ],
      request: {
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234`,
        context: {},
      },
    },
    aws: 'explicitDeny',
    iamSimulate: 'allowed',
  },
};

// ---------------------------------------------------------------------------------------------
// (e) A multivalued key with no values is null for the Null operator.

const MULTIVALUED = KEYS.filter(isMultiValued);

const emptyListClause: fc.Arbitrary<Clause> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...MULTIVALUED), fc.constantFrom('true', 'false'))
      .map(([key, value]) => ({ operator: 'Null', key: key.name, values: [value] })),
  },
  {
    weight: 2,
    arbitrary: clause({ variables: false, keys: MULTIVALUED }).filter(
      (c) => !c.operator.endsWith('IfExists'),
    ),
  },
);

const emptyMultivalued: Departure = {
  id: '(e) empty multivalued key',
  rule: 'Null reads a multivalued key that holds no values as null, like a missing key (iam-simulate: present)',
  source:
    'IAM User Guide, reference_policies_condition-single-vs-multi-valued-context-keys.html: "You can prevent ' +
    'missing context keys or context keys with empty values from evaluating to true by including a Null ' +
    'condition operator in your policy with a value of false to check if the context key in the request ' +
    'exists and its value is not null."',
  pairs: (applicable) =>
    fc.record({
      policies: fc.array(
        policyDocument('2012-10-17', { variables: false, clause: emptyListClause, focused: true }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
      request: request(applicable, MULTIVALUED, 0),
    }),
  awsReading: (pair) =>
    withContext(
      pair,
      Object.fromEntries(
        Object.entries(pair.request.context).filter(([, v]) => typeof v === 'string' || v.length > 0),
      ),
    ),
  example: {
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [{ ...allowAll, Condition: { Null: { 'aws:TagKeys': 'false' } } }],
        },
      ],
      request: {
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234`,
        context: { 'aws:TagKeys': [] },
      },
    },
    aws: 'implicitDeny',
    iamSimulate: 'allowed',
  },
};

// ---------------------------------------------------------------------------------------------
// (g) Wildcards match line breaks too.

/** The string keys, with request values that hold a line break. */
const LINE_BREAK_KEYS: readonly KeySpec[] = KEYS.filter((k) => k.type === 'String').map((k) => ({
  ...k,
  contextValues: [
    ...k.contextValues,
    ...k.contextValues.map((v) => `${v.slice(0, 2)}\n${v.slice(2)}`),
    `${k.contextValues[0]}\n`,
  ],
}));

const lineBreaks: Departure = {
  id: '(g) wildcards across line breaks',
  rule: '* and ? match any character, a line break too (iam-simulate: its regular expressions stop at one)',
  source:
    'IAM User Guide, reference_policies_elements_condition_operators.html, String condition operators: ' +
    'StringLike, "The values can include multi-character match wildcards (*) and single-character match ' +
    'wildcards (?) anywhere in the string."',
  pairs: (applicable) =>
    fc.record({
      policies: fc.array(
        policyDocument('2012-10-17', {
          variables: false,
          clause: clause({ variables: false, keys: LINE_BREAK_KEYS }),
          focused: true,
        }),
        { minLength: 1, maxLength: 2 },
      ),
      request: request(applicable, LINE_BREAK_KEYS),
    }),
  // No policy value holds a tilde: swapping the line break for one changes no match but iam-simulate's.
  awsReading: (pair) =>
    withContext(
      pair,
      Object.fromEntries(
        Object.entries(pair.request.context).map(([k, v]) => [
          k,
          typeof v === 'string' ? v.replaceAll('\n', '~') : v.map((x) => x.replaceAll('\n', '~')),
        ]),
      ),
    ),
  example: {
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [{ ...allowAll, Condition: { StringLike: { 'aws:PrincipalTag/team': 'r*' } } }],
        },
      ],
      request: {
        action: 'ec2:DescribeInstances',
        resource: '*',
        context: { 'aws:PrincipalTag/team': 're\nd' },
      },
    },
    aws: 'allowed',
    iamSimulate: 'implicitDeny',
  },
};

/** The departures, in the order the test reports them. */
export const DEPARTURES: readonly Departure[] = [
  epochSeconds,
  literalVariables,
  ipRanges,
  anyValueIfExists,
  emptyMultivalued,
  lineBreaks,
];
