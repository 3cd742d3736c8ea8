/**
 * Fuzzing the policy engine's front door. Random JSON, policy-shaped documents built from the
 * grammar (every condition operator, with and without qualifiers, good and bad keys and values),
 * and mutations of the seed policies (byte flips, truncation, deleted, duplicated and renamed keys,
 * wrong types, huge strings, deep nesting, unicode, lone surrogates, a BOM, comments, trailing
 * commas) go through `parsePolicy` for a random policy kind. It must never throw; it returns either
 * a policy or errors, each with a known code, a message and a span inside the text. Whenever it
 * parses, compiling the policy into a PolicySet and evaluating (and explaining) random requests
 * must not throw either; and the linter must not throw on any text.
 *
 * Counterexamples shrink to a readable description (the seed's name and the list of mutations, or
 * the document) and the failure message quotes the text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog } from '../../src/catalog/index.js';
import {
  OPERATOR_NAMES,
  PolicySet,
  RequestContext,
  explain,
  lintPolicy,
  parsePolicy,
  type ActionCatalog,
  type ContextValue,
  type PolicyDocument,
  type PolicyErrorCode,
  type PolicyKind,
  type PolicySetInput,
  type RequestPrincipal,
  type Span,
} from '../../src/policy/index.js';
import { Figures, fuzzRuns, fuzzSeed, fuzzTimeout } from './figures.js';

const SEED = fuzzSeed();
const figures = new Figures('policy parser', SEED);

/** Every error code parsePolicy may give; the compiler checks this list is the whole union. */
const ERROR_CODES = {
  'json-syntax': true,
  'duplicate-key': true,
  'invalid-character': true,
  'wrong-type': true,
  'unknown-element': true,
  'missing-element': true,
  'conflicting-elements': true,
  'prohibited-element': true,
  'invalid-version': true,
  'invalid-effect': true,
  'invalid-sid': true,
  'duplicate-sid': true,
  'invalid-action': true,
  'invalid-resource': true,
  'invalid-principal': true,
  'principal-not-allowed': true,
  'invalid-condition-operator': true,
  'invalid-condition-key': true,
  'invalid-condition-value': true,
  'invalid-variable': true,
  'size-limit': true,
} as const satisfies Record<PolicyErrorCode, true>;

const KINDS: readonly PolicyKind[] = [
  'managed',
  'user-inline',
  'group-inline',
  'role-inline',
  'trust',
  'resource',
  'boundary',
  'session',
];

const SEEDS: ReadonlyMap<string, string> = new Map(
  readdirSync(new URL('../fixtures/policies/', import.meta.url))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, readFileSync(new URL(`../fixtures/policies/${name}`, import.meta.url), 'utf8')]),
);
const SEED_NAMES = [...SEEDS.keys()];

// ---------------------------------------------------------------------------------------------
// Generators: strings and JSON values

/** A lone (unpaired) UTF-16 surrogate. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Odd characters: control characters, a BOM, typographic quotes, line separators, emoji, surrogates. */
const oddCharacter = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\u0001',
    '\u001f',
    '\u007f',
    '\u00a0',
    '\u00ff',
    '\u0100',
    '\ufeff',
    '\u2018',
    '\u201c',
    '\u2028',
    '\u2029',
    '\ufffd',
    '\uffff',
    '😀',
    '\r',
    '\n',
    '\t',
    '\\',
    '"',
    '$',
    '{',
    '}',
    '*',
    '?',
    ':',
    '/',
  ),
  loneSurrogate,
);

/** Any string: ASCII, any Unicode, odd characters mixed in. */
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

/** Any JSON value, with odd strings. */
const anyJson: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 4 })
  .chain((v) => fc.oneof(fc.constant(v), anyString));

// ---------------------------------------------------------------------------------------------
// Generators: policy-shaped documents

const ACTIONS = [
  '*',
  'iam:*',
  'iam:GetUser',
  'iam:getuser',
  'iam:*MFA*',
  'iam:List?sers',
  'ec2:Describe*',
  'ec2:RunInstances',
  'sts:AssumeRole',
  's3:GetObject',
  'iam: EnableMFADevice',
  'iam::GetUser',
  '*:GetUser',
  'iam:',
  ':GetUser',
  'iam',
  '',
];
const action = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ACTIONS) },
  { weight: 1, arbitrary: anyString },
);

const RESOURCES = [
  '*',
  'arn:aws:iam::*:user/${aws:username}',
  'arn:aws:iam::123456789012:user/alice',
  'arn:aws:iam::*:mfa/${aws:username}',
  'arn:aws:iam::*:user/*',
  'arn:aws:ec2:*:*:instance/*',
  'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
  "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'none'}/*",
  'arn:aws:iam::ACCOUNT-ID-WITHOUT-HYPHENS:user/*',
  'arn:aws:iam::*:user/${aws:username',
  'arn:aws:iam::*:user/${}',
  'arn:aws:iam::*:user/$${x}',
  'arn:aws',
  'arn:::::',
  'not-an-arn',
  '',
];
const resource = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RESOURCES) },
  { weight: 1, arbitrary: anyString },
);

const PRINCIPAL_VALUES = [
  '*',
  '123456789012',
  'arn:aws:iam::123456789012:root',
  'arn:aws:iam::123456789012:user/alice',
  'arn:aws:sts::123456789012:assumed-role/r/s',
  'arn:aws:iam::123456789012:role/*',
  'ec2.amazonaws.com',
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
  'not a principal',
  '',
];
const principalValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PRINCIPAL_VALUES) },
  { weight: 1, arbitrary: anyString },
);
const principalType = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser') },
  { weight: 1, arbitrary: fc.constantFrom('aws', 'service', 'User', '') },
);
const principal: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant('*'),
  fc.dictionary(principalType, fc.oneof(principalValue, fc.array(principalValue, { maxLength: 3 })), {
    maxKeys: 3,
  }),
  anyJson,
);

/** An operator as written: a base name, maybe a set qualifier, maybe IfExists, maybe mis-cased. */
const operator = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:', 'forallvalues:', 'Whatever:'),
        fc.constantFrom(...OPERATOR_NAMES),
        fc.constantFrom('', 'IfExists', 'ifexists'),
        fc.boolean(),
      )
      .map(([set, base, suffix, lower]) => {
        const name = `${set}${base}${suffix}`;
        return lower ? name.toLowerCase() : name;
      }),
  },
  { weight: 1, arbitrary: anyString },
);

const CONDITION_KEYS = [
  'aws:MultiFactorAuthPresent',
  'aws:multifactorauthpresent',
  'aws:MultiFactorAuthAge',
  'aws:username',
  'aws:userid',
  'aws:SourceIp',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:SecureTransport',
  'aws:PrincipalArn',
  'aws:PrincipalTag/team',
  'aws:RequestTag/env',
  'aws:TagKeys',
  'aws:CalledVia',
  'ec2:ResourceTag/env',
  'ec2:InstanceType',
  'iam:PolicyARN',
  'iam:PassedToService',
  'sts:ExternalId',
  'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub',
  'nocolon',
  ':empty',
  'aws:',
];
const conditionKey = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CONDITION_KEYS) },
  { weight: 1, arbitrary: anyString },
);

const CONDITION_VALUES = [
  'true',
  'false',
  'True',
  '0',
  '3600',
  '-1',
  '1e3',
  '0x10',
  '2024-01-01T00:00:00Z',
  '2024-01-01',
  '1700000000',
  'not-a-date',
  '10.0.0.0/8',
  '192.0.2.1',
  '::1/128',
  '2001:db8::/32',
  '300.0.0.0/8',
  '10.0.0.0/33',
  'arn:aws:iam::123456789012:user/*',
  'arn:aws:iam::*:role/${aws:username}',
  '${aws:username}',
  '${aws:username',
  '${*}',
  '*',
  '?',
  'QUJD',
  '====',
  '',
];
const scalarValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CONDITION_VALUES) },
  { weight: 2, arbitrary: anyString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
);
const conditionValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalarValue },
  { weight: 3, arbitrary: fc.array(scalarValue, { maxLength: 4 }) },
  { weight: 1, arbitrary: anyJson },
);
const condition: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.dictionary(
      operator,
      fc.oneof(
        { weight: 6, arbitrary: fc.dictionary(conditionKey, conditionValues, { maxKeys: 3 }) },
        { weight: 1, arbitrary: anyJson },
      ),
      { maxKeys: 3 },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);

/** One or a list of values (sometimes an empty list, sometimes not a string at all). */
function listOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: value },
    { weight: 4, arbitrary: fc.array(value, { maxLength: 4 }) },
    { weight: 1, arbitrary: anyJson },
  );
}

const statement: fc.Arbitrary<unknown> = fc.record(
  {
    Sid: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{0,10}$/), fc.constantFrom('Dup', 'Dup'), anyJson),
    Effect: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('Allow', 'Deny') },
      { weight: 1, arbitrary: fc.constantFrom('allow', 'DENY', 'Permit', '') },
      { weight: 1, arbitrary: anyJson },
    ),
    Action: listOf(action),
    NotAction: listOf(action),
    Resource: listOf(resource),
    NotResource: listOf(resource),
    Principal: principal,
    NotPrincipal: principal,
    Condition: condition,
    Unknown: anyJson,
  },
  { requiredKeys: [] },
);

/** A document shaped like a policy, mostly close to well formed. */
const policyShaped: fc.Arbitrary<unknown> = fc.record(
  {
    Version: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('2012-10-17', '2008-10-17') },
      { weight: 1, arbitrary: fc.constantFrom('2012-10-18', '', '2012-10-17 ') },
      { weight: 1, arbitrary: anyJson },
    ),
    Id: fc.oneof(anyString, anyJson),
    Statement: fc.oneof(
      { weight: 2, arbitrary: statement },
      { weight: 6, arbitrary: fc.array(statement, { maxLength: 4 }) },
      { weight: 1, arbitrary: anyJson },
    ),
    statement: anyJson,
  },
  { requiredKeys: [] },
);

/** Condition values an operator family accepts (mostly), by base operator name. */
function valuesFor(base: string): fc.Arbitrary<unknown> {
  const pick = (...values: unknown[]) => fc.constantFrom(...values);
  if (base.startsWith('Numeric')) return pick('0', '3600', '-1', 12, 1.5);
  if (base.startsWith('Date')) return pick('2024-01-01T00:00:00Z', '2030-12-31T23:59:59Z', '1700000000');
  if (base === 'Bool' || base === 'Null') return pick('true', 'false', true, false);
  if (base.includes('IpAddress')) return pick('10.0.0.0/8', '192.0.2.1', '2001:db8::/32');
  if (base.startsWith('Arn'))
    return pick('arn:aws:iam::123456789012:user/*', 'arn:aws:iam::*:role/${aws:username}');
  if (base === 'BinaryEquals') return pick('QUJD', 'AA==');
  return pick('alice', '*', 'a?c', '${aws:username}', 'true', '', 'team-${aws:PrincipalTag/team}');
}

/** A well-formed condition block: real operators with values of their family. */
const wellFormedCondition: fc.Arbitrary<unknown> = fc
  .array(
    fc.tuple(
      fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:'),
      fc.constantFrom(...OPERATOR_NAMES),
      fc.boolean(),
      fc.constantFrom(...CONDITION_KEYS.slice(0, 20)),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .chain((clauses) =>
    fc
      .tuple(
        ...clauses.map(([, base]) =>
          fc.oneof(valuesFor(base), fc.array(valuesFor(base), { minLength: 1, maxLength: 3 })),
        ),
      )
      .map((values) => {
        const block: Record<string, Record<string, unknown>> = {};
        clauses.forEach(([set, base, ifExists, key], i) => {
          const name = `${set}${base}${ifExists && base !== 'Null' ? 'IfExists' : ''}`;
          block[name] = { ...(block[name] ?? {}), [key]: values[i] };
        });
        return block;
      }),
  );

const WELL_FORMED_ACTIONS = ACTIONS.slice(0, 10);
const WELL_FORMED_RESOURCES = RESOURCES.slice(0, 8);

/** A statement close to well formed for its kind: principals only where the kind takes them. */
function wellFormedStatement(kind: PolicyKind): fc.Arbitrary<Record<string, unknown>> {
  const list = (values: readonly string[]) =>
    fc.oneof(
      fc.constantFrom(...values),
      fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }),
    );
  const takesPrincipal = kind === 'trust' || kind === 'resource';
  return fc
    .record({
      sid: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { nil: undefined }),
      effect: fc.constantFrom('Allow', 'Deny'),
      notAction: fc.boolean(),
      action: list(WELL_FORMED_ACTIONS),
      notResource: fc.boolean(),
      resource: list(WELL_FORMED_RESOURCES),
      notPrincipal: fc.boolean(),
      principal: fc.oneof(
        fc.constant('*'),
        fc.constant({ AWS: '123456789012' }),
        fc.constant({ AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:user/alice'] }),
        fc.constant({ Service: 'ec2.amazonaws.com' }),
        fc.constant({ Federated: 'accounts.google.com' }),
      ),
      condition: fc.option(wellFormedCondition, { nil: undefined }),
    })
    .map((s) => ({
      ...(s.sid === undefined ? {} : { Sid: s.sid }),
      Effect: s.effect,
      [s.notAction ? 'NotAction' : 'Action']: s.action,
      ...(kind === 'trust' ? {} : { [s.notResource ? 'NotResource' : 'Resource']: s.resource }),
      ...(takesPrincipal
        ? { [s.notPrincipal && kind !== 'trust' ? 'NotPrincipal' : 'Principal']: s.principal }
        : {}),
      ...(s.condition === undefined ? {} : { Condition: s.condition }),
    }));
}

/** A kind and a document close to well formed for it. */
const wellFormed = fc.constantFrom(...KINDS).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    document: fc.record({
      Version: fc.constantFrom('2012-10-17', '2012-10-17', '2008-10-17'),
      Statement: fc.array(wellFormedStatement(kind), { minLength: 1, maxLength: 4 }),
    }),
  }),
);

/** A stable, readable layout of a document. */
const indentation = fc.constantFrom(0, 2, 4, '\t');

// ---------------------------------------------------------------------------------------------
// Mutations of the seed policies

/** A JSON tree whose objects keep their entries in order, so that keys can be repeated. */
type Tree = null | boolean | number | string | Tree[] | { readonly entries: [string, Tree][] };

function toTree(value: unknown): Tree {
  if (Array.isArray(value)) return value.map(toTree);
  if (value !== null && typeof value === 'object')
    return { entries: Object.entries(value).map(([k, v]): [string, Tree] => [k, toTree(v)]) };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/** Writes a tree as JSON, repeated keys and all (iteratively, so depth is no limit here). */
function render(tree: Tree, indent: number | string): string {
  const pad = typeof indent === 'number' ? ' '.repeat(indent) : indent;
  const out: string[] = [];
  type Frame = { node: Tree; depth: number } | { close: string; depth: number } | { text: string };
  const stack: Frame[] = [{ node: tree, depth: 0 }];
  const newline = (depth: number) => (pad ? `\n${pad.repeat(depth)}` : '');
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if ('text' in frame) {
      out.push(frame.text);
      continue;
    }
    if ('close' in frame) {
      out.push(newline(frame.depth) + frame.close);
      continue;
    }
    const { node, depth } = frame;
    if (node === null || typeof node !== 'object') {
      out.push(JSON.stringify(node));
      continue;
    }
    const items: [string | undefined, Tree][] = Array.isArray(node)
      ? node.map((v): [undefined, Tree] => [undefined, v])
      : node.entries;
    const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
    if (items.length === 0) {
      out.push(open + close);
      continue;
    }
    out.push(open);
    stack.push({ close, depth });
    for (let i = items.length - 1; i >= 0; i--) {
      const [key, value] = items[i] as [string | undefined, Tree];
      stack.push({ node: value, depth: depth + 1 });
      const sep = pad ? ': ' : ':';
      stack.push({
        text: (i > 0 ? ',' : '') + newline(depth + 1) + (key === undefined ? '' : JSON.stringify(key) + sep),
      });
    }
  }
  return out.join('');
}

/** Every place in a tree that holds a value: the container and the index of the value in it. */
interface Place {
  readonly container: Tree[] | { readonly entries: [string, Tree][] };
  readonly index: number;
}

function places(tree: Tree): Place[] {
  const out: Place[] = [];
  const stack: Tree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as Tree;
    if (Array.isArray(node)) {
      node.forEach((v, index) => {
        out.push({ container: node, index });
        stack.push(v);
      });
    } else if (node !== null && typeof node === 'object') {
      node.entries.forEach(([, v], index) => {
        out.push({ container: node, index });
        stack.push(v);
      });
    }
  }
  return out;
}

function valueAt(place: Place): Tree {
  const { container, index } = place;
  return (Array.isArray(container) ? container[index] : container.entries[index]?.[1]) as Tree;
}

function setAt(place: Place, value: Tree): void {
  const { container, index } = place;
  if (Array.isArray(container)) container[index] = value;
  else {
    const entry = container.entries[index];
    if (entry) entry[1] = value;
  }
}

/** A change to the seed's JSON tree, at the `at`-th place (modulo the number of places). */
type TreeMutation =
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number }
  | { readonly op: 'rename'; readonly at: number; readonly key: string }
  | { readonly op: 'recase'; readonly at: number }
  | { readonly op: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly op: 'huge'; readonly at: number; readonly length: number; readonly char: string }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number; readonly inObject: boolean }
  | { readonly op: 'wrap'; readonly at: number };

/** A change to the text itself, at the `at`-th character (modulo the length). */
type TextMutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'remove'; readonly at: number; readonly length: number }
  | { readonly op: 'repeat'; readonly at: number; readonly length: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'bom' }
  | { readonly op: 'comment'; readonly at: number; readonly line: boolean }
  | { readonly op: 'trailing-comma'; readonly at: number };

const at = fc.nat({ max: 100_000 });

const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at }),
  fc.record({ op: fc.constant('duplicate' as const), at }),
  fc.record({
    op: fc.constant('rename' as const),
    at,
    key: fc.oneof(
      fc.constantFrom(
        'Statement',
        'Effect',
        'Action',
        'NotAction',
        'Resource',
        'Condition',
        'Principal',
        'Sid',
        'Version',
      ),
      anyString,
    ),
  }),
  fc.record({ op: fc.constant('recase' as const), at }),
  fc.record({ op: fc.constant('replace' as const), at, value: anyJson }),
  fc.record({
    op: fc.constant('huge' as const),
    at,
    // Up to 10,000 here; longer strings have a property of their own (huge strings, below).
    length: fc.constantFrom(200, 1_000, 10_000),
    char: fc.oneof(fc.constantFrom('a', '*', '$', ' '), oddCharacter),
  }),
  fc.record({
    op: fc.constant('nest' as const),
    at,
    depth: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(100, 500, 1_000)),
    inObject: fc.boolean(),
  }),
  fc.record({ op: fc.constant('wrap' as const), at }),
);

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('remove' as const), at, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at,
    text: fc.oneof(
      oddCharacter,
      fc.constantFrom(',', '{', '}', '[', ']', ':', '"', 'null', '1e999', '-0', '"\\u', '"\\ud800"', '\\'),
      anyString,
    ),
  }),
  fc.record({ op: fc.constant('bom' as const) }),
  fc.record({ op: fc.constant('comment' as const), at, line: fc.boolean() }),
  fc.record({ op: fc.constant('trailing-comma' as const), at }),
);

type Mutation = TreeMutation | TextMutation;

function applyTree(tree: Tree, m: TreeMutation): Tree {
  const all = places(tree);
  if (m.op === 'wrap') return [tree];
  const place = all[m.at % Math.max(all.length, 1)];
  if (!place) return tree;
  const { container, index } = place;
  const value = valueAt(place);
  switch (m.op) {
    case 'delete':
      if (Array.isArray(container)) container.splice(index, 1);
      else container.entries.splice(index, 1);
      return tree;
    case 'duplicate':
      if (Array.isArray(container)) container.splice(index, 0, structuredClone(value));
      else {
        const entry = container.entries[index];
        if (entry) container.entries.splice(index + 1, 0, [entry[0], structuredClone(entry[1])]);
      }
      return tree;
    case 'rename':
    case 'recase': {
      if (Array.isArray(container)) return tree;
      const entry = container.entries[index];
      if (entry)
        entry[0] =
          m.op === 'rename'
            ? m.key
            : entry[0] === entry[0].toLowerCase()
              ? entry[0].toUpperCase()
              : entry[0].toLowerCase();
      return tree;
    }
    case 'replace':
      setAt(place, toTree(m.value));
      return tree;
    case 'huge':
      setAt(place, m.char.repeat(m.length));
      return tree;
    case 'nest': {
      let nested: Tree = value;
      for (let i = 0; i < m.depth; i++) nested = m.inObject ? { entries: [['a', nested]] } : [nested];
      setAt(place, nested);
      return tree;
    }
  }
}

function applyText(text: string, m: TextMutation): string {
  const i = text.length === 0 ? 0 : ('at' in m ? m.at : 0) % (text.length + 1);
  switch (m.op) {
    case 'flip': {
      if (i >= text.length) return text;
      return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << m.bit)) + text.slice(i + 1);
    }
    case 'truncate':
      return text.slice(0, i);
    case 'remove':
      return text.slice(0, i) + text.slice(i + m.length);
    case 'repeat':
      return text.slice(0, i + m.length) + text.slice(i);
    case 'insert':
      return text.slice(0, i) + m.text + text.slice(i);
    case 'bom':
      return `\ufeff${text}`;
    case 'comment':
      return text.slice(0, i) + (m.line ? '// a comment\n' : '/* a comment */') + text.slice(i);
    case 'trailing-comma': {
      // Before the n-th closing bracket or brace.
      const closers = [...text.matchAll(/[}\]]/g)].map((x) => x.index);
      if (closers.length === 0) return text;
      const c = closers[i % closers.length] as number;
      return `${text.slice(0, c)},${text.slice(c)}`;
    }
  }
}

const TREE_OPS = new Set(['delete', 'duplicate', 'rename', 'recase', 'replace', 'huge', 'nest', 'wrap']);

function isTreeMutation(m: Mutation): m is TreeMutation {
  return TREE_OPS.has(m.op);
}

/** The text of a seed after its mutations: tree changes first (on the parsed seed), then text changes. */
function mutate(seed: string, mutations: readonly Mutation[], indent: number | string): string {
  const original = SEEDS.get(seed) ?? '';
  const treeChanges = mutations.filter(isTreeMutation);
  let text = original;
  if (treeChanges.length > 0) {
    let tree = toTree(JSON.parse(original));
    for (const m of treeChanges) tree = applyTree(tree, m);
    text = render(tree, indent);
  }
  for (const m of mutations) if (!isTreeMutation(m)) text = applyText(text, m);
  return text;
}

const seedMutation = fc.record({
  seed: fc.constantFrom(...SEED_NAMES),
  mutations: fc.array(fc.oneof(treeMutation, textMutation), { minLength: 1, maxLength: 3 }),
  indent: indentation,
});

// ---------------------------------------------------------------------------------------------
// Requests

const REQUEST_ACTIONS = [
  'iam:GetUser',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:ListUsers',
  'ec2:DescribeInstances',
  'ec2:RunInstances',
  'sts:AssumeRole',
  's3:GetObject',
  'IAM:getuser',
  '',
  ':',
  'nocolon',
];
const REQUEST_RESOURCES = [
  '*',
  'arn:aws:iam::123456789012:user/alice',
  'arn:aws:iam::123456789012:mfa/alice',
  'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
  'arn:aws:s3:::bucket/team/key',
  '',
  'not-an-arn',
];

const contextValue: fc.Arbitrary<ContextValue | boolean | number> = fc.oneof(
  fc.constantFrom(...CONDITION_VALUES),
  anyString,
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.constantFrom(...CONDITION_VALUES), anyString), { maxLength: 3 }),
);

interface FuzzRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue | boolean | number>>;
  readonly principal: RequestPrincipal | undefined;
  readonly resourceAccount: string | undefined;
}

const request: fc.Arbitrary<FuzzRequest> = fc.record({
  action: fc.oneof(fc.constantFrom(...REQUEST_ACTIONS), anyString),
  resource: fc.oneof(fc.constantFrom(...REQUEST_RESOURCES), anyString),
  context: fc.dictionary(fc.oneof(fc.constantFrom(...CONDITION_KEYS), anyString), contextValue, {
    maxKeys: 6,
  }),
  principal: fc.option(
    fc.record(
      {
        arn: fc.oneof(fc.constantFrom(...PRINCIPAL_VALUES), anyString),
        account: fc.constantFrom('123456789012', '210987654321', ''),
        roleArn: fc.constantFrom('arn:aws:iam::123456789012:role/r'),
        service: fc.constantFrom('ec2.amazonaws.com'),
        federated: fc.constantFrom('accounts.google.com'),
      },
      { requiredKeys: ['arn', 'account'] },
    ),
    { nil: undefined },
  ),
  resourceAccount: fc.option(fc.constantFrom('123456789012', '210987654321'), { nil: undefined }),
});

// ---------------------------------------------------------------------------------------------
// What must hold

/** The 1-based line and column of an offset, computed independently of the parser. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** What is wrong with a span of `text`, or undefined. */
function spanProblem(text: string, span: Span): string | undefined {
  for (const [name, p] of [
    ['start', span.start],
    ['end', span.end],
  ] as const) {
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length)
      return `${name} offset ${p.offset} outside the text (length ${text.length})`;
    const expected = positionOf(text, p.offset);
    if (p.line !== expected.line || p.column !== expected.column)
      return `${name} at line ${p.line}, column ${p.column}, but offset ${p.offset} is line ${expected.line}, column ${expected.column}`;
  }
  if (span.end.offset < span.start.offset)
    return `span ends (${span.end.offset}) before it starts (${span.start.offset})`;
  if (typeof span.path !== 'string') return 'span without a path';
  return undefined;
}

/** A short quote of a text for failure messages. */
function quote(text: string): string {
  return JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text);
}

/** The policy in the slot its kind takes in a PolicySet. */
function setInput(kind: PolicyKind, document: PolicyDocument): PolicySetInput {
  const policy = { id: 'fuzzed', type: kind, document };
  switch (kind) {
    case 'trust':
    case 'resource':
      return { identity: [], resource: policy };
    case 'boundary':
      return { identity: [], boundary: policy };
    case 'session':
      return { identity: [], session: [policy] };
    default:
      return { identity: [policy] };
  }
}

let catalog: ActionCatalog;

/**
 * Runs the whole front door on one text: parse (checking each error), compile and evaluate each
 * request when it parsed, and lint. Throws an Error that quotes the text when anything is wrong.
 */
function check(property: string, text: string, kind: PolicyKind, requests: readonly FuzzRequest[]): void {
  figures.input(property);
  const fail = (what: string, cause?: unknown): never => {
    const stack = cause instanceof Error ? (cause.stack ?? cause.message) : '';
    const why = stack
      ? `: ${stack.length > 2_000 ? `${stack.slice(0, 300)}…${stack.slice(-1_200)}` : stack}`
      : '';
    throw new Error(`${what} (kind ${kind}) for the text ${quote(text)}${why}`);
  };
  let result: ReturnType<typeof parsePolicy>;
  try {
    result = parsePolicy(text, { kind });
  } catch (e) {
    return fail('parsePolicy threw', e);
  }
  if (result.ok) {
    figures.saw('outcomes', 'parsed');
    let set: PolicySet;
    try {
      set = PolicySet.compile(setInput(kind, result.policy));
    } catch (e) {
      return fail('PolicySet.compile threw', e);
    }
    for (const r of requests) {
      try {
        const full = { ...r, context: new RequestContext(r.context) };
        const decision = set.evaluate(full);
        figures.saw('decisions', decision.decision);
        explain(set, full);
      } catch (e) {
        return fail(`evaluate threw on ${JSON.stringify(r)}`, e);
      }
    }
  } else {
    figures.saw('outcomes', 'rejected');
    if (result.errors.length === 0) fail('parsePolicy rejected the text without an error');
    for (const error of result.errors) {
      figures.saw('error codes', error.code);
      if (!Object.hasOwn(ERROR_CODES, error.code)) fail(`unknown error code ${JSON.stringify(error.code)}`);
      if (typeof error.message !== 'string' || error.message.trim() === '')
        fail(`error ${error.code} without a message`);
      const problem = spanProblem(text, error.span);
      if (problem) fail(`error ${error.code} (${error.message}) has a bad span: ${problem}`);
    }
  }
  try {
    const findings = lintPolicy(text, { catalog, kind });
    for (const f of findings) {
      const lines = text.split(/\r\n|\r|\n/);
      if (f.line < 1 || f.line > lines.length || f.endLine < f.line)
        fail(`lint finding ${f.code} at line ${f.line}–${f.endLine}, outside the text`);
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('lint finding')) throw e;
    fail('lintPolicy threw', e);
  }
}

const kind = fc.constantFrom(...KINDS);
const requests = fc.array(request, { minLength: 1, maxLength: 3 });

function assertProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, runs: number): void {
  fc.assert(fc.property(arbitrary, predicate), { numRuns: fuzzRuns(runs), seed: SEED });
}

describe(
  'fuzzing the policy parser, compiler, evaluator and linter',
  { timeout: fuzzTimeout(60_000) },
  () => {
    beforeAll(async () => {
      catalog = await loadActionCatalog();
    });
    afterAll(() => figures.print([`${SEEDS.size} seed policies mutated: ${SEED_NAMES.join(', ')}`]));

    it('the seeds themselves go through', () => {
      for (const [name, text] of SEEDS) for (const k of KINDS) check(`seed ${name}`, text, k, []);
      expect(figures.seen('outcomes').size).toBeGreaterThan(0);
    });

    it('random JSON values and random text', () => {
      assertProperty(
        fc.record({
          text: fc.oneof(
            anyJson.map((v) => JSON.stringify(v) ?? 'undefined'),
            anyString,
            fc.string({ unit: 'binary', maxLength: 200 }),
          ),
          kind,
          requests,
        }),
        ({ text, kind: k, requests: rs }) => check('random JSON and text', text, k, rs),
        300,
      );
    });

    it('policy-shaped documents: random statements, operators, keys and values', () => {
      assertProperty(
        fc.record({ document: policyShaped, indent: indentation, kind, requests }),
        ({ document, indent, kind: k, requests: rs }) =>
          check('policy-shaped documents', JSON.stringify(document, null, indent), k, rs),
        500,
      );
    });

    it('well-formed documents of every kind: they parse, compile and evaluate', () => {
      assertProperty(
        fc.record({ input: wellFormed, indent: indentation, requests }),
        ({ input, indent, requests: rs }) =>
          check('well-formed documents', JSON.stringify(input.document, null, indent), input.kind, rs),
        300,
      );
    });

    it('mutations of the seed policies', () => {
      assertProperty(
        fc.record({ input: seedMutation, kind, requests }),
        ({ input, kind: k, requests: rs }) =>
          check('seed mutations', mutate(input.seed, input.mutations, input.indent), k, rs),
        300,
      );
    });

    it('huge strings in every element (up to the 131,072-character policy quota)', () => {
      assertProperty(
        fc.record({
          where: fc.constantFrom(
            'Sid',
            'Action',
            'NotAction',
            'Resource',
            'Principal',
            'Condition operator',
            'Condition key',
            'Condition value',
            'Version',
            'Id',
            'element name',
          ),
          length: fc.oneof(
            fc.integer({ min: 1, max: 5_000 }),
            fc.constantFrom(40_000, 65_536, 100_000, 131_072),
          ),
          char: fc.oneof(fc.constantFrom('a', '*', '?', '$', '{', ' ', 'é'), oddCharacter),
          kind,
        }),
        ({ where, length, char, kind: k }) => {
          // Each element's own beginning, so that only the length is out of the ordinary.
          const prefix =
            where === 'Action' || where === 'NotAction'
              ? 'iam:'
              : where === 'Resource'
                ? 'arn:aws:iam::123456789012:user/'
                : where === 'Condition key'
                  ? 'aws:'
                  : '';
          const huge = JSON.stringify(prefix + char.repeat(length));
          const statement: Record<string, string> = {
            Effect: '"Allow"',
            Action: '"iam:GetUser"',
            Resource: '"*"',
          };
          let condition = '{"StringEquals":{"aws:username":"alice"}}';
          let top = '"Version":"2012-10-17"';
          switch (where) {
            case 'Principal':
              statement.Principal = `{"AWS":${huge}}`;
              break;
            case 'Condition operator':
              condition = `{${huge}:{"aws:username":"alice"}}`;
              break;
            case 'Condition key':
              condition = `{"StringLike":{${huge}:"alice"}}`;
              break;
            case 'Condition value':
              condition = `{"StringLike":{"aws:username":${huge}}}`;
              break;
            case 'Version':
              top = `"Version":${huge}`;
              break;
            case 'Id':
              top = `"Version":"2012-10-17","Id":${huge}`;
              break;
            case 'element name':
              statement[huge] = '1';
              break;
            default:
              statement[where] = huge;
          }
          const body = Object.entries(statement)
            .map(([key, value]) => `${key.startsWith('"') ? key : JSON.stringify(key)}:${value}`)
            .join(',');
          check('huge strings', `{${top},"Statement":[{${body},"Condition":${condition}}]}`, k, []);
        },
        80,
      );
    });

    it('deeply nested documents (up to the 131,072-character policy quota)', () => {
      assertProperty(
        fc.record({
          depth: fc.integer({ min: 1, max: 65_000 }),
          inObject: fc.boolean(),
          where: fc.constantFrom('Statement', 'Condition value', 'Action'),
          kind,
        }),
        ({ depth, inObject, where, kind: k }) => {
          const [open, close] = inObject ? ['{"a":', '}'] : ['[', ']'];
          const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
          const statement = (action: string, value: string) =>
            `{"Effect":"Allow","Action":${action},"Resource":"*","Condition":{"StringEquals":{"aws:username":${value}}}}`;
          const text =
            where === 'Statement'
              ? `{"Version":"2012-10-17","Statement":${nested}}`
              : where === 'Action'
                ? `{"Version":"2012-10-17","Statement":[${statement(nested, '"x"')}]}`
                : `{"Version":"2012-10-17","Statement":[${statement('"*"', nested)}]}`;
          check('deep nesting', text, k, []);
        },
        25,
      );
    });
  },
);
