/**
 * fast-check generators of identity policies and requests over the space iamfa and
 * @cloud-copilot/iam-simulate are both meant to decide as AWS does.
 *
 * In that space (the main property):
 * - 1–3 identity policies of 1–4 statements, Allow or Deny, Version 2012-10-17 mostly, some
 *   2008-10-17 or none;
 * - Action/NotAction: real actions of ec2, iam, s3 and sts, exact (any case), `service:Prefix*`,
 *   `service:*`, `*`, `?` and inner `*` wildcards;
 * - Resource/NotResource: `*`, exact ARNs, ARNs with wildcards in the region, account and resource
 *   id, and (2012-10-17 only) `${aws:username}`, `${aws:PrincipalTag/team}` with or without a
 *   default. Wildcards stay out of the resource-type word before the first `/` (`user/`,
 *   `instance/`): "You cannot use a wildcard in the portion of the ARN that specifies the resource
 *   type, such as the term user in an IAM ARN" (IAM User Guide, IAM identifiers, ARNs);
 * - Condition: every operator family on keys of its type (String, Numeric, Date with ISO 8601
 *   values, Bool, IpAddress/NotIpAddress with CIDR ranges, Arn), string operators on keys of any
 *   type, Null, the IfExists suffix, ForAllValues/ForAnyValue, key names in any case, 1–3 values,
 *   variables in string and ARN values (2012-10-17). A multivalued key (`aws:TagKeys`,
 *   `aws:CalledVia`) always gets a set operator: "Multivalued context keys require a condition
 *   set operator" (single-valued vs. multivalued context keys);
 * - requests for a catalog action on a resource of its type, each key absent or present,
 *   multivalued keys as lists of 1–3 values; every policy variable the policies read has a value.
 *
 * Generated apart, each with its own test (departures.ts, variables.ts, undocumented.ts): Date
 * values in epoch seconds, `${…}` before 2012-10-17, `0.0.0.0/0` and bare IP addresses,
 * `ForAnyValue:…IfExists`, multivalued keys with no values, line breaks in request values,
 * variables with no value, and operators without a set operator on multivalued keys.
 */
import fc from 'fast-check';
import { ACCOUNT, ACTIONS, KEYS, isMultiValued, type KeySpec } from './catalog.js';
import type { PolicyJson, Request } from './engines.js';

export type Version = '2012-10-17' | '2008-10-17' | undefined;

const ACTION_NAMES = [...new Set(ACTIONS.map((a) => a.action))];
const SERVICES = [...new Set(ACTION_NAMES.map((a) => a.slice(0, a.indexOf(':'))))];
const RESOURCE_ARNS = [...new Set(ACTIONS.flatMap((a) => a.resources))].filter((r) => r !== '*');

/** A real action with some of its letters in another case: action names ignore case. */
const recased = fc
  .tuple(fc.constantFrom(...ACTION_NAMES), fc.nat())
  .map(([a, seed]) =>
    [...a].map((c, i) => ((seed >> (i % 30)) & 1 ? c.toUpperCase() : c.toLowerCase())).join(''),
  );

/** `service:Prefix*` cut from a real action. */
const prefixWildcard = fc.tuple(fc.constantFrom(...ACTION_NAMES), fc.nat()).map(([a, n]) => {
  const colon = a.indexOf(':');
  const name = a.slice(colon + 1);
  return `${a.slice(0, colon + 1)}${name.slice(0, 1 + (n % name.length))}*`;
});

/** A real action with one or two letters of its name replaced by `?`. */
const questionWildcard = fc.tuple(fc.constantFrom(...ACTION_NAMES), fc.nat(), fc.nat()).map(([a, i, j]) => {
  const chars = [...a];
  const colon = a.indexOf(':');
  const span = chars.length - colon - 1;
  chars[colon + 1 + (i % span)] = '?';
  if (j % 3 === 0) chars[colon + 1 + (j % span)] = '?';
  return chars.join('');
});

/** A `*` inside a real action's name: `ec2:*Instances`, `iam:Create*Device`. */
const innerWildcard = fc.tuple(fc.constantFrom(...ACTION_NAMES), fc.nat(), fc.nat()).map(([a, i, j]) => {
  const colon = a.indexOf(':');
  const name = a.slice(colon + 1);
  const from = i % name.length;
  const to = from + (j % (name.length - from + 1));
  return `${a.slice(0, colon + 1)}${name.slice(0, from)}*${name.slice(to)}`;
});

export const actionValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ACTION_NAMES) },
  { weight: 1, arbitrary: recased },
  { weight: 3, arbitrary: prefixWildcard },
  { weight: 1, arbitrary: fc.constantFrom(...SERVICES.map((s) => `${s}:*`)) },
  { weight: 1, arbitrary: fc.constant('*') },
  { weight: 2, arbitrary: questionWildcard },
  { weight: 1, arbitrary: innerWildcard },
);

/** Splits an ARN into partition…account and the resource part, the resource type word kept apart. */
function arnParts(arn: string): { head: string[]; type: string; id: string } {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  // S3 bucket and object ARNs have no resource type word: the whole part is the name.
  const isS3 = parts[2] === 's3';
  return {
    head: parts.slice(0, 5),
    type: isS3 || slash < 0 ? '' : resource.slice(0, slash + 1),
    id: isS3 || slash < 0 ? resource : resource.slice(slash + 1),
  };
}

/** A wildcard pattern over the resource id: `*`, `prefix*`, `*suffix`, one `?`, or unchanged. */
function wildcardId(id: string, how: number, at: number): string {
  const cut = at % (id.length + 1);
  switch (how % 6) {
    case 0:
      return '*';
    case 1:
      return `${id.slice(0, cut)}*`;
    case 2:
      return `*${id.slice(cut)}`;
    case 3:
      return id.length === 0 ? '?' : `${id.slice(0, cut % id.length)}?${id.slice((cut % id.length) + 1)}`;
    case 4:
      return `${id.slice(0, cut)}*${id.slice(Math.min(id.length, cut + 2))}`;
    default:
      return id;
  }
}

/** An ARN from the catalog with wildcards in the region, account and resource id. */
const wildcardArn = fc
  .tuple(fc.constantFrom(...RESOURCE_ARNS), fc.nat(), fc.nat(), fc.nat(), fc.nat())
  .map(([arn, regionHow, accountHow, idHow, at]) => {
    const { head, type, id } = arnParts(arn);
    const [arnWord, partition, service, region, account] = head as [string, string, string, string, string];
    // S3 ARNs have empty region and account; a wildcard there would change how the name reads.
    const isS3 = service === 's3';
    const r = isS3 || region === '' ? region : ['*', region, `${region.slice(0, 3)}*`][regionHow % 3];
    const a = isS3 ? account : ['*', account, account][accountHow % 3];
    return `${arnWord}:${partition}:${service}:${r}:${a}:${type}${wildcardId(id, idHow, at)}`;
  });

/** Resource ARNs with policy variables (Version 2012-10-17). */
const VARIABLE_ARNS = [
  `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
  'arn:aws:iam::*:user/${aws:username}',
  `arn:aws:iam::${ACCOUNT}:user/division/\${aws:username}`,
  `arn:aws:iam::${ACCOUNT}:mfa/\${aws:username}`,
  'arn:aws:s3:::reports-bucket/${aws:username}/*',
  "arn:aws:s3:::reports-bucket/${aws:PrincipalTag/team, 'alice'}/*",
  'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*',
  'arn:aws:ec2:*:*:instance/${aws:PrincipalTag/team}',
];

export function resourceValue(variables: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: fc.constantFrom(...RESOURCE_ARNS) },
    { weight: 5, arbitrary: wildcardArn },
    { weight: variables ? 2 : 0, arbitrary: fc.constantFrom(...VARIABLE_ARNS) },
  );
}

const STRING_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
];
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  String: STRING_OPERATORS,
  ArrayOfString: STRING_OPERATORS,
  ARN: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  Numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  Date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  Bool: ['Bool'],
  IPAddress: ['IpAddress', 'NotIpAddress'],
};

/** String values with policy variables, for string operators (Version 2012-10-17). */
const STRING_VARIABLES = [
  '${aws:username}',
  '${aws:PrincipalTag/team}',
  "${aws:PrincipalTag/team, 'red'}",
  'al${aws:PrincipalTag/team}',
  '${aws:username}*',
];
const ARN_VARIABLES = [
  `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
  'arn:aws:iam::*:user/${aws:PrincipalTag/team}',
];

/** One condition clause: `[set:]Operator[IfExists]`, a key, and its values. */
export interface Clause {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

function valuesFor(key: KeySpec, family: string, variables: boolean): fc.Arbitrary<string[]> {
  let pool: readonly string[];
  if (family === 'Null') pool = ['true', 'false'];
  else if (family === 'String' && key.type !== 'String' && key.type !== 'ArrayOfString') {
    // A string operator on a key of another type compares the text as given.
    pool = [...key.contextValues, '*'];
  } else {
    pool = key.policyValues;
    if (variables && family === 'String') pool = [...pool, ...STRING_VARIABLES];
    if (variables && family === 'ARN') pool = [...pool, ...ARN_VARIABLES];
  }
  return fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 });
}

/** Which keys a clause may test, and whether it may leave the main space (for a departure). */
export interface ClauseOptions {
  /** Policy variables in string and ARN values (Version 2012-10-17). */
  readonly variables: boolean;
  readonly keys?: readonly KeySpec[];
  /** `ForAnyValue:…IfExists` (departure d). */
  readonly anyValueIfExists?: boolean;
}

export function clause(options: ClauseOptions): fc.Arbitrary<Clause> {
  const { variables, keys = KEYS, anyValueIfExists = false } = options;
  return fc.constantFrom(...keys).chain((key) => {
    const own = key.type === 'ArrayOfString' ? 'String' : key.type;
    const multi = isMultiValued(key);
    const family = fc.oneof(
      { weight: 6, arbitrary: fc.constant(own) },
      { weight: own === 'String' ? 0 : 1, arbitrary: fc.constant('String') },
      { weight: 1, arbitrary: fc.constant('Null') },
    );
    return family.chain((fam) => {
      const names = fam === 'Null' ? ['Null'] : (FAMILIES[fam] as readonly string[]);
      // "Multivalued context keys require a condition set operator" (IAM User Guide,
      // single-valued vs. multivalued context keys); on a single-valued key one is allowed too.
      const set =
        fam === 'Null'
          ? fc.constant('')
          : fc.oneof(
              { weight: multi ? 0 : 18, arbitrary: fc.constant('') },
              { weight: multi ? 4 : 1, arbitrary: fc.constantFrom('ForAllValues:', 'ForAnyValue:') },
            );
      return fc
        .tuple(fc.constantFrom(...names), set, fc.nat(3), valuesFor(key, fam, variables), fc.nat(9))
        .map(([name, s, ie, values, keyCase]) => {
          const ifExists = fam !== 'Null' && ie === 0 && (anyValueIfExists || s !== 'ForAnyValue:');
          // Condition key names ignore case.
          const keyName =
            keyCase === 0 ? key.name.toUpperCase() : keyCase === 1 ? key.name.toLowerCase() : key.name;
          return { operator: `${s}${name}${ifExists ? 'IfExists' : ''}`, key: keyName, values };
        });
    });
  });
}

/** A list element as JSON: a lone value is written as a string half the time. */
function listJson(values: readonly string[], asString: boolean): string | readonly string[] {
  return values.length === 1 && asString ? (values[0] as string) : values;
}

/** The Condition block of some clauses; a repeated operator and key (in any case) keeps the first. */
export function conditionJson(
  clauses: readonly Clause[],
): Record<string, Record<string, string | readonly string[]>> {
  const block: Record<string, Record<string, string | readonly string[]>> = {};
  for (const c of clauses) {
    const byKey = (block[c.operator] ??= {});
    if (Object.keys(byKey).some((k) => k.toLowerCase() === c.key.toLowerCase())) continue;
    byKey[c.key] = listJson(c.values, c.values.length === 1 && c.key.length % 2 === 0);
  }
  return block;
}

export interface StatementOptions {
  readonly variables: boolean;
  readonly clause: fc.Arbitrary<Clause>;
  /**
   * Departure generators: every statement has a condition, and half the time `"Action": "*"` and
   * `"Resource": "*"`, so that the condition is what decides.
   */
  readonly focused?: boolean;
}

export function statement(options: StatementOptions): fc.Arbitrary<Record<string, unknown>> {
  const { focused = false } = options;
  const broad = <T>(arb: fc.Arbitrary<T[]>, all: T): fc.Arbitrary<T[]> =>
    focused ? fc.oneof(fc.constant<T[]>([all]), arb) : arb;
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      actions: broad(fc.uniqueArray(actionValue, { minLength: 1, maxLength: 3 }), '*'),
      notResource: fc.nat(4).map((n) => n === 0),
      resources: broad(fc.uniqueArray(resourceValue(options.variables), { minLength: 1, maxLength: 3 }), '*'),
      clauses: fc.array(options.clause, { minLength: focused ? 1 : 0, maxLength: focused ? 2 : 3 }),
      asString: fc.boolean(),
      notActionPick: fc.nat(4),
    })
    .map(({ effect, actions, notResource, resources, clauses, asString, notActionPick }) => {
      const s: Record<string, unknown> = { Effect: effect };
      s[notActionPick === 0 && !(focused && actions[0] === '*') ? 'NotAction' : 'Action'] = listJson(
        actions,
        asString,
      );
      s[notResource && !(focused && resources[0] === '*') ? 'NotResource' : 'Resource'] = listJson(
        resources,
        !asString,
      );
      if (clauses.length > 0) s['Condition'] = conditionJson(clauses);
      return s;
    });
}

export interface PolicyOptions {
  /** Whether values may hold `${…}` (by default: only under Version 2012-10-17). */
  readonly variables?: boolean;
  readonly clause?: fc.Arbitrary<Clause>;
  readonly focused?: boolean;
}

export function policyDocument(version: Version, options: PolicyOptions = {}): fc.Arbitrary<PolicyJson> {
  const variables = options.variables ?? version === '2012-10-17';
  const st = statement({
    variables,
    clause: options.clause ?? clause({ variables }),
    focused: options.focused ?? false,
  });
  return fc.array(st, { minLength: 1, maxLength: options.focused ? 3 : 4 }).map((statements) => ({
    ...(version ? { Version: version } : {}),
    Statement: statements,
  }));
}

/** A policy of the main space: mostly Version 2012-10-17, some 2008-10-17 or none (no variables then). */
export const mainPolicy: fc.Arbitrary<PolicyJson> = fc
  .oneof(
    { weight: 6, arbitrary: fc.constant<Version>('2012-10-17') },
    { weight: 1, arbitrary: fc.constant<Version>('2008-10-17') },
    { weight: 1, arbitrary: fc.constant<Version>(undefined) },
  )
  .chain((v) => policyDocument(v));

/**
 * A context value for a key: one value, or for a multivalued key a list of 1–3 (`minValues` 0
 * adds the empty list, a departure and an undocumented corner, generated apart).
 */
export function contextValue(key: KeySpec, minValues = 1): fc.Arbitrary<string | readonly string[]> {
  return isMultiValued(key)
    ? fc.uniqueArray(fc.constantFrom(...key.contextValues), { minLength: minValues, maxLength: 3 })
    : fc.constantFrom(...key.contextValues);
}

/** Which keys apply to an action and resource (see engines.applicableKeys). */
export type Applicable = (action: string, resource: string) => readonly string[];

/** A request for a catalog action and resource; each applicable key absent or present. */
export function request(
  applicable: Applicable,
  keys: readonly KeySpec[] = KEYS,
  minValues = 1,
): fc.Arbitrary<Request> {
  return fc
    .constantFrom(...ACTIONS)
    .chain(({ action, resources }) => fc.tuple(fc.constant(action), fc.constantFrom(...resources)))
    .chain(([action, resource]) => {
      const names = new Set(applicable(action, resource));
      const entries = keys
        .filter((k) => names.has(k.name))
        .map((k) =>
          fc.option(contextValue(k, minValues), { nil: undefined, freq: 2 }).map((v) => [k.name, v] as const),
        );
      return fc.tuple(...entries).map((pairs) => {
        const context: Record<string, string | readonly string[]> = {};
        for (const [k, v] of pairs) if (v !== undefined) context[k] = v;
        return { action, resource, context };
      });
    });
}

export interface Pair {
  readonly policies: readonly PolicyJson[];
  readonly request: Request;
}

/** The variables the main space's policies read, and values for them (see `pair`). */
const VARIABLE_VALUES: Readonly<Record<string, readonly string[]>> = {
  'aws:username': ['alice', 'bob', 'carol'],
  'aws:PrincipalTag/team': ['red', 'blue', 'alice'],
};

/**
 * The main generator: 1–3 policies and a request in which every policy variable the policies read
 * has a value (a missing one is the area of variables.ts): a key that a 2012-10-17 policy reads as
 * `${key}` and that the request lacks is given one of its values.
 */
export function pair(
  applicable: Applicable,
  policy: fc.Arbitrary<PolicyJson> = mainPolicy,
): fc.Arbitrary<Pair> {
  const fills = fc.record(
    Object.fromEntries(Object.entries(VARIABLE_VALUES).map(([k, values]) => [k, fc.constantFrom(...values)])),
  );
  return fc
    .record({
      policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
      request: request(applicable),
      fills,
    })
    .map(({ policies, request: req, fills: values }) => {
      const text = JSON.stringify(policies.filter((p) => p['Version'] === '2012-10-17'));
      const context = { ...req.context };
      for (const [key, value] of Object.entries(values)) {
        if (text.includes(`\${${key}`) && typeof context[key] !== 'string') context[key] = value as string;
      }
      return { policies, request: { ...req, context } };
    });
}
