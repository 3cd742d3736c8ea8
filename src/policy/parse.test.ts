import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyKind } from './ast.js';
import type { PolicyErrorCode, PolicyIssue } from './errors.js';
import { parsePolicy, type ParseResult } from './parse.js';

const FIXTURES = new URL('../../test/fixtures/policies/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

/** Line and column of the nth occurrence of `needle`, computed without the parser's own code. */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' #${nth} not in text`);
  }
  const lines = text.slice(0, index).split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

const ALLOW = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const TRUST = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
const RESOURCE = {
  Effect: 'Allow',
  Principal: { AWS: '123456789012' },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
};

/** A pretty-printed document; `undefined` fields are left out. */
function doc(
  statements: object | object[],
  top: Record<string, unknown> = { Version: '2012-10-17' },
): string {
  return JSON.stringify({ ...top, Statement: statements }, null, 2);
}

/** One statement made from `base` with fields replaced, added (at the end) or removed (`undefined`). */
const st = (fields: Record<string, unknown>, base: object = ALLOW): object => ({ ...base, ...fields });

function ok(result: ParseResult): PolicyDocument {
  if (!result.ok)
    throw new Error(result.errors.map((e) => `${e.code} ${e.span.path}: ${e.message}`).join('\n'));
  return result.policy;
}

function errorsOf(result: ParseResult): PolicyIssue[] {
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.errors;
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly kind?: PolicyKind;
  readonly code: PolicyErrorCode;
  readonly path: string;
  /** Where the error starts: the nth occurrence of this text. */
  readonly needle: string;
  readonly nth?: number;
  readonly message?: string | RegExp;
  /** How many errors the document has in all. */
  readonly count?: number;
}

function check(c: Case): void {
  const errors = errorsOf(parsePolicy(c.text, { kind: c.kind ?? 'managed' }));
  expect(errors.map((e) => `${e.code} ${e.span.path}`)).toHaveLength(c.count ?? 1);
  const error = errors.find((e) => e.code === c.code && e.span.path === c.path);
  expect(
    error,
    `no ${c.code} at ${c.path} in ${JSON.stringify(errors.map((e) => [e.code, e.span.path]))}`,
  ).toBeDefined();
  expect(error?.span.start).toMatchObject(at(c.text, c.needle, c.nth));
  if (c.message !== undefined) expect(error?.message).toMatch(c.message);
}

describe('parsePolicy: top level', () => {
  const cases: Case[] = [
    { name: 'a document that is not an object', text: '[]', code: 'wrong-type', path: '', needle: '[' },
    {
      name: 'an unknown Version',
      text: doc([ALLOW], { Version: '2012-10-18' }),
      code: 'invalid-version',
      path: 'Version',
      needle: '"2012-10-18"',
      message: /"2012-10-17".*"2008-10-17"/,
    },
    {
      name: 'a Version that is a number',
      text: doc([ALLOW], { Version: 2012 }),
      code: 'invalid-version',
      path: 'Version',
      needle: '2012',
    },
    {
      name: 'an Id that is not a string',
      text: doc([ALLOW], { Version: '2012-10-17', Id: 12345 }),
      code: 'wrong-type',
      path: 'Id',
      needle: '12345',
    },
    {
      name: 'no Statement',
      text: '{\n  "Version": "2012-10-17"\n}',
      code: 'missing-element',
      path: '',
      needle: '{',
    },
    {
      name: 'an empty Statement array',
      text: doc([]),
      code: 'missing-element',
      path: 'Statement',
      needle: '[]',
    },
    {
      name: 'a Statement that is a string',
      text: doc('x' as unknown as object),
      code: 'wrong-type',
      path: 'Statement',
      needle: '"x"',
    },
    {
      name: 'a statement that is not an object',
      text: doc([ALLOW, 5]),
      code: 'wrong-type',
      path: 'Statement[1]',
      needle: '5',
    },
    {
      name: 'an unknown top-level element',
      text: doc([ALLOW], { Version: '2012-10-17', Comment: 'x' }),
      code: 'unknown-element',
      path: 'Comment',
      needle: '"Comment"',
    },
    {
      name: 'a top-level element in the wrong case',
      text: doc([ALLOW], { version: '2012-10-17' }),
      code: 'unknown-element',
      path: 'version',
      needle: '"version"',
      message: "Unknown element 'version' in policy. Element names are case-sensitive: write 'Version'.",
    },
  ];
  it.each(cases)('rejects $name', check);

  it('reads Version and Id, and a Statement that is a single object', () => {
    const policy = ok(
      parsePolicy(doc(ALLOW, { Version: '2012-10-17', Id: 'my-policy' }), { kind: 'managed' }),
    );
    expect(policy.version).toBe('2012-10-17');
    expect(policy.versionGiven).toBe(true);
    expect(policy.id).toBe('my-policy');
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]?.span.path).toBe('Statement');
  });

  it('reads a document without Version as 2008-10-17', () => {
    const policy = ok(parsePolicy(doc([ALLOW], {}), { kind: 'managed' }));
    expect(policy.version).toBe('2008-10-17');
    expect(policy.versionGiven).toBe(false);
    expect(policy.id).toBeUndefined();
  });

  it('accepts Version 2008-10-17', () => {
    const policy = ok(parsePolicy(doc([ALLOW], { Version: '2008-10-17' }), { kind: 'managed' }));
    expect(policy.version).toBe('2008-10-17');
    expect(policy.versionGiven).toBe(true);
  });

  it('gives the document span over the whole object', () => {
    const text = `  ${doc([ALLOW])}\n`;
    const policy = ok(parsePolicy(text, { kind: 'managed' }));
    expect(policy.span).toMatchObject({
      path: '',
      start: { line: 1, column: 3 },
      end: { offset: text.length - 1 },
    });
  });
});

describe('parsePolicy: JSON errors', () => {
  const cases: Case[] = [
    {
      name: 'a trailing comma',
      text: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",}]\n}',
      code: 'json-syntax',
      path: '',
      needle: '}]',
      message: /trailing comma/,
    },
    {
      name: 'a comment',
      text: '{\n  "Version": "2012-10-17", /* c */\n  "Statement": []\n}',
      code: 'json-syntax',
      path: '',
      needle: '/* c */',
    },
    {
      name: 'a duplicate Effect',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}]}',
      code: 'duplicate-key',
      path: 'Statement[0].Effect',
      needle: '"Effect"',
      nth: 1,
    },
    {
      name: 'typographic quotes pasted from a web page',
      text: '{\n  "Version": \u201c2012-10-17\u201d,\n  "Statement": []\n}',
      code: 'invalid-character',
      path: '',
      needle: '\u201c',
      message: /U\+201C.*typographic quote/,
      count: 4,
    },
  ];
  it.each(cases)('rejects $name', check);

  it('does not validate the policy further when the JSON is broken', () => {
    const text = '{"Statement": [{"Effect": "allow", "Action": "bad action",}]}';
    const errors = errorsOf(parsePolicy(text, { kind: 'managed' }));
    expect(errors.map((e) => e.code)).toEqual(['json-syntax']);
  });

  it('reports characters IAM does not accept in a document', () => {
    const resource = 'arn:aws:s3:::b/\u00e9t\u00e9/\u4e2d\u6587';
    const text = doc([st({ Resource: resource })]);
    const errors = errorsOf(parsePolicy(text, { kind: 'managed' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'invalid-character',
      span: { start: at(text, '\u4e2d'), end: { offset: text.indexOf('\u6587') + 1 } },
    });
    expect(
      ok(parsePolicy(doc([st({ Resource: resource }, RESOURCE)]), { kind: 'resource' })).statements,
    ).toHaveLength(1);
  });
});

describe('parsePolicy: statements', () => {
  const cases: Case[] = [
    {
      name: 'an unknown statement element',
      text: doc([st({ Conditions: {} })]),
      code: 'unknown-element',
      path: 'Statement[0].Conditions',
      needle: '"Conditions"',
      message: /Statement elements are Sid, Effect, /,
    },
    {
      name: 'a statement element in the wrong case',
      text: doc([st({ effect: 'Allow', Effect: undefined })]),
      code: 'unknown-element',
      path: 'Statement[0].effect',
      needle: '"effect"',
      message: /write 'Effect'/,
      count: 2,
    },
    {
      name: 'a Sid with a hyphen',
      text: doc([st({ Sid: 'allow-read' })]),
      code: 'invalid-sid',
      path: 'Statement[0].Sid',
      needle: '"allow-read"',
      message: /^Statement IDs \(SID\) must be alpha-numeric\..*'allowread'/,
    },
    {
      name: 'a Sid with spaces in a trust policy',
      kind: 'trust',
      text: doc([st({ Sid: 'Allow EC2' }, TRUST)]),
      code: 'invalid-sid',
      path: 'Statement[0].Sid',
      needle: '"Allow EC2"',
    },
    {
      name: 'a Sid that is not a string',
      text: doc([st({ Sid: 42 })]),
      code: 'wrong-type',
      path: 'Statement[0].Sid',
      needle: '42',
    },
    {
      name: 'a repeated Sid',
      text: doc([st({ Sid: 'Read' }), st({ Sid: 'Read' })]),
      code: 'duplicate-sid',
      path: 'Statement[1].Sid',
      needle: '"Read"',
      nth: 1,
      message:
        /^Statement IDs \(SID\) in a single policy must be unique: 'Read' is also the Sid of Statement\[0\]/,
    },
    {
      name: 'no Effect',
      text: doc([st({ Effect: undefined })]),
      code: 'missing-element',
      path: 'Statement[0]',
      needle: '{',
      nth: 1,
      message: /Effect/,
    },
    {
      name: 'Effect in the wrong case',
      text: doc([st({ Effect: 'allow' })]),
      code: 'invalid-effect',
      path: 'Statement[0].Effect',
      needle: '"allow"',
      message: /write "Allow"/,
    },
    {
      name: 'an unknown Effect',
      text: doc([st({ Effect: 'Permit' })]),
      code: 'invalid-effect',
      path: 'Statement[0].Effect',
      needle: '"Permit"',
    },
    {
      name: 'an Effect that is not a string',
      text: doc([st({ Effect: true })]),
      code: 'invalid-effect',
      path: 'Statement[0].Effect',
      needle: 'true',
    },
    {
      name: 'both Action and NotAction',
      text: doc([st({ NotAction: 'iam:*' })]),
      code: 'conflicting-elements',
      path: 'Statement[0].NotAction',
      needle: '"NotAction"',
    },
    {
      name: 'no Action',
      text: doc([st({ Action: undefined })]),
      code: 'missing-element',
      path: 'Statement[0]',
      needle: '{',
      nth: 1,
      message: /^Policy statement must contain actions/,
    },
    {
      name: 'an empty Action array',
      text: doc([st({ Action: [] })]),
      code: 'missing-element',
      path: 'Statement[0].Action',
      needle: '[]',
    },
    {
      name: 'an Action that is a number',
      text: doc([st({ Action: 5 })]),
      code: 'wrong-type',
      path: 'Statement[0].Action',
      needle: '5',
    },
    {
      name: 'an Action value that is not a string',
      text: doc([st({ Action: ['s3:GetObject', null] })]),
      code: 'wrong-type',
      path: 'Statement[0].Action[1]',
      needle: 'null',
    },
    {
      name: 'both Resource and NotResource',
      text: doc([st({ NotResource: 'arn:aws:s3:::b' })]),
      code: 'conflicting-elements',
      path: 'Statement[0].NotResource',
      needle: '"NotResource"',
    },
    {
      name: 'no Resource in an identity policy',
      text: doc([st({ Resource: undefined })]),
      code: 'missing-element',
      path: 'Statement[0]',
      needle: '{',
      nth: 1,
      message: /^Policy statement must contain resources/,
    },
    {
      name: 'no Resource in a resource policy',
      kind: 'resource',
      text: doc([st({ Resource: undefined }, RESOURCE)]),
      code: 'missing-element',
      path: 'Statement[0]',
      needle: '{',
      nth: 1,
    },
    {
      name: 'an empty Resource array',
      text: doc([st({ Resource: [] })]),
      code: 'missing-element',
      path: 'Statement[0].Resource',
      needle: '[]',
    },
    {
      name: 'a Resource in a trust policy',
      kind: 'trust',
      text: doc([st({ Resource: '*' }, TRUST)]),
      code: 'prohibited-element',
      path: 'Statement[0].Resource',
      needle: '"Resource"',
      message: /^Has prohibited field Resource/,
    },
    {
      name: 'a NotResource in a trust policy',
      kind: 'trust',
      text: doc([st({ NotResource: '*' }, TRUST)]),
      code: 'prohibited-element',
      path: 'Statement[0].NotResource',
      needle: '"NotResource"',
    },
  ];
  it.each(cases)('rejects $name', check);

  it('lets resource policies use any Sid, and repeat it', () => {
    const text = doc([
      st({ Sid: 'Allow read access' }, RESOURCE),
      st({ Sid: 'Allow read access' }, RESOURCE),
    ]);
    expect(ok(parsePolicy(text, { kind: 'resource' })).statements.map((s) => s.sid)).toEqual([
      'Allow read access',
      'Allow read access',
    ]);
  });

  it('accepts empty Sids, even several (they name no statement)', () => {
    const text = doc([st({ Sid: '' }), st({ Sid: '' })]);
    expect(ok(parsePolicy(text, { kind: 'managed' })).statements.map((s) => s.sid)).toEqual(['', '']);
  });

  it('compares Sids case-sensitively', () => {
    expect(
      ok(parsePolicy(doc([st({ Sid: 'Read' }), st({ Sid: 'read' })]), { kind: 'managed' })).statements,
    ).toHaveLength(2);
  });

  it('builds each statement with its index, Sid, effect, elements and span', () => {
    const text = doc([
      st({ Sid: 'A' }),
      st({
        Effect: 'Deny',
        Action: undefined,
        NotAction: ['iam:*', 'sts:GetSessionToken'],
        Resource: undefined,
        NotResource: 'arn:aws:s3:::b',
      }),
    ]);
    const [first, second] = ok(parsePolicy(text, { kind: 'managed' })).statements;
    expect(first).toMatchObject({
      index: 0,
      sid: 'A',
      effect: 'Allow',
      principal: undefined,
      conditions: [],
    });
    expect(first?.action).toMatchObject({
      negated: false,
      values: [{ value: 's3:GetObject', span: { path: 'Statement[0].Action' } }],
    });
    expect(first?.resource).toMatchObject({
      negated: false,
      values: [{ value: '*', span: { path: 'Statement[0].Resource' } }],
    });
    expect(second).toMatchObject({ index: 1, sid: undefined, effect: 'Deny' });
    expect(second?.action.negated).toBe(true);
    expect(second?.action.values.map((v) => [v.value, v.span.path, v.span.start.line])).toEqual([
      ['iam:*', 'Statement[1].NotAction[0]', at(text, '"iam:*"').line],
      ['sts:GetSessionToken', 'Statement[1].NotAction[1]', at(text, '"sts:GetSessionToken"').line],
    ]);
    expect(second?.resource).toMatchObject({ negated: true, values: [{ value: 'arn:aws:s3:::b' }] });
  });

  it('spans each statement over its whole object, as SimulatePrincipalPolicy reports it', () => {
    const text =
      '{"Version": "2012-10-17",\n "Statement": [\n  {"Effect": "Allow",\n   "Action": "*",\n   "Resource": "*"},\n  {"Effect": "Deny", "Action": "*", "Resource": "*"}\n ]\n}';
    const [first, second] = ok(parsePolicy(text, { kind: 'managed' })).statements;
    expect(first?.span).toMatchObject({
      path: 'Statement[0]',
      start: { line: 3, column: 3 },
      end: { line: 5, column: 20 },
    });
    expect(second?.span).toMatchObject({
      path: 'Statement[1]',
      start: { line: 6, column: 3 },
      end: { line: 6, column: 53 },
    });
    expect(text.slice(first?.span.start.offset, first?.span.end.offset)).toBe(
      '{"Effect": "Allow",\n   "Action": "*",\n   "Resource": "*"}',
    );
  });

  it('needs no Resource in a trust policy', () => {
    const statement = ok(parsePolicy(doc([TRUST]), { kind: 'trust' })).statements[0];
    expect(statement?.resource).toBeUndefined();
    expect(statement?.principal?.entries.map((e) => [e.type, e.value.value])).toEqual([
      ['Service', 'ec2.amazonaws.com'],
    ]);
  });
});

describe('parsePolicy: actions', () => {
  const action = (value: string): string => doc([st({ Action: ['s3:GetObject', value] })]);
  const cases: Case[] = [
    {
      name: 'a space after the colon',
      text: action('iam: EnableMFADevice'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"iam: EnableMFADevice"',
      message: "Action 'iam: EnableMFADevice' contains whitespace; remove it: 'iam:EnableMFADevice'.",
    },
    {
      name: 'a trailing space',
      text: action('s3:PutObject '),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"s3:PutObject "',
      message: /remove it: 's3:PutObject'/,
    },
    {
      name: 'a tab inside',
      text: action('s3:Put\tObject'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"s3:Put\\tObject"',
    },
    {
      name: 'no colon',
      text: action('iam'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"iam"',
      message: /'service:action'/,
    },
    {
      name: 'two colons',
      text: action('ec2:ec2:RunInstances'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"ec2:ec2:RunInstances"',
      message: /^Actions\/Condition can contain only one colon/,
    },
    {
      name: 'a wildcard in the service prefix',
      text: action('*:Untag*'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"*:Untag*"',
      message: /^Action vendors \(e\.g\., aws, ec2, etc\.\) must not contain wildcards/,
    },
    {
      name: 'a partial wildcard in the service prefix',
      text: action('s3*:Get'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"s3*:Get"',
      message: /must not contain wildcards/,
    },
    {
      name: 'an underscore in the service prefix',
      text: action('my_svc:Get'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"my_svc:Get"',
      message: /letters, digits and hyphens/,
    },
    {
      name: 'an empty service prefix',
      text: action(':GetObject'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '":GetObject"',
    },
    {
      name: 'no action name',
      text: action('iam:'),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '"iam:"',
      message: /write 'iam:\*'/,
    },
    {
      name: 'an empty string',
      text: action(''),
      code: 'invalid-action',
      path: 'Statement[0].Action[1]',
      needle: '""',
    },
    {
      name: 'whitespace in a NotAction given as a string',
      text: doc([st({ Action: undefined, NotAction: 'iam :*' })]),
      code: 'invalid-action',
      path: 'Statement[0].NotAction',
      needle: '"iam :*"',
    },
  ];
  it.each(cases)('rejects $name', check);

  it.each([
    '*',
    's3:*',
    's3:Get*',
    'iam:*AccessKey*',
    'ec2:Describe?pcs',
    'aws-marketplace:ViewSubscriptions',
    'IAM:getuser',
  ])('accepts %s', (value) => {
    expect(ok(parsePolicy(action(value), { kind: 'managed' })).statements[0]?.action.values[1]?.value).toBe(
      value,
    );
  });
});

describe('parsePolicy: resources', () => {
  const resource = (value: string, version?: string): string =>
    doc([st({ Resource: ['*', value] })], version === undefined ? {} : { Version: version });
  const cases: Case[] = [
    {
      name: 'a bucket name',
      text: resource('my-bucket', '2012-10-17'),
      code: 'invalid-resource',
      path: 'Statement[0].Resource[1]',
      needle: '"my-bucket"',
      message: /^Resource my-bucket must be in ARN format or "\*"/,
    },
    {
      name: 'an ARN with five parts',
      text: resource('arn:aws:s3:::', '2012-10-17').replace('arn:aws:s3:::', 'arn:aws:s3::'),
      code: 'invalid-resource',
      path: 'Statement[0].Resource[1]',
      needle: '"arn:aws:s3::"',
    },
    {
      name: 'text that does not start with arn',
      text: resource('urn:aws:s3:::b', '2012-10-17'),
      code: 'invalid-resource',
      path: 'Statement[0].Resource[1]',
      needle: '"urn:aws:s3:::b"',
    },
    {
      name: 'a NotResource that is not an ARN',
      text: doc([st({ Resource: undefined, NotResource: 'b' })]),
      code: 'invalid-resource',
      path: 'Statement[0].NotResource',
      needle: '"b"',
      message: /^NotResource b must be in ARN format/,
    },
    {
      name: 'an unclosed variable under 2012-10-17',
      text: resource('arn:aws:iam::*:user/${aws:username', '2012-10-17'),
      code: 'invalid-variable',
      path: 'Statement[0].Resource[1]',
      needle: '"arn:aws:iam::*:user/${aws:username"',
      message: /Malformed policy variable/,
    },
    {
      name: 'a malformed default under 2012-10-17',
      text: resource("arn:aws:s3:::b/${aws:username, 'x}", '2012-10-17'),
      code: 'invalid-variable',
      path: 'Statement[0].Resource[1]',
      needle: '"arn:aws:s3:::b/',
    },
  ];
  it.each(cases)('rejects $name', check);

  it.each([
    ['2012-10-17', 'arn:aws:iam::*:user/${aws:username}'],
    ['2012-10-17', "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*"],
    ['2012-10-17', 'arn:aws:s3:::b/${*}${?}${$}'],
    ['2012-10-17', 'arn:aws:s3:::bucket/key:with:colons'],
    ['2012-10-17', 'arn:aws:ec2:*:*:instance/*'],
    ['2008-10-17', 'arn:aws:iam::*:user/${aws:username'],
    [undefined, 'arn:aws:iam::*:user/${aws:username'],
    [undefined, 'arn:aws:iam::*:user/${aws:username}'],
  ])('accepts under Version %s the resource %s', (version, value) => {
    expect(
      ok(parsePolicy(resource(value, version), { kind: 'managed' })).statements[0]?.resource?.values[1]
        ?.value,
    ).toBe(value);
  });
});

describe('parsePolicy: principals', () => {
  const IDENTITY_KINDS: PolicyKind[] = [
    'managed',
    'user-inline',
    'group-inline',
    'role-inline',
    'boundary',
    'session',
  ];
  it.each(
    IDENTITY_KINDS.flatMap((kind) => [
      [kind, 'Principal'],
      [kind, 'NotPrincipal'],
    ]),
  )('rejects in a %s policy a %s', (kind, element) => {
    const text = doc([st({ [element]: { AWS: '123456789012' } })]);
    check({
      name: element,
      kind,
      text,
      code: 'principal-not-allowed',
      path: `Statement[0].${element}`,
      needle: `"${element}"`,
      message: /^Policy document should not specify a principal\./,
    });
  });

  const trust = (principal: unknown): string => doc([st({ Principal: principal }, TRUST)]);
  const cases: Case[] = [
    {
      name: 'a trust policy with no Principal',
      kind: 'trust',
      text: doc([st({ Principal: undefined }, TRUST)]),
      code: 'missing-element',
      path: 'Statement[0]',
      needle: '{',
      nth: 1,
      message: /^Missing required field Principal/,
    },
    {
      name: 'a resource policy with no Principal',
      kind: 'resource',
      text: doc([st({ Principal: undefined }, RESOURCE)]),
      code: 'missing-element',
      path: 'Statement[0]',
      needle: '{',
      nth: 1,
    },
    {
      name: 'both Principal and NotPrincipal',
      kind: 'resource',
      text: doc([st({ NotPrincipal: { AWS: '123456789012' } }, RESOURCE)]),
      code: 'conflicting-elements',
      path: 'Statement[0].NotPrincipal',
      needle: '"NotPrincipal"',
    },
    {
      name: 'a Principal that is an ARN string',
      kind: 'trust',
      text: trust('arn:aws:iam::123456789012:root'),
      code: 'invalid-principal',
      path: 'Statement[0].Principal',
      needle: '"arn:aws:iam::123456789012:root"',
    },
    {
      name: 'a Principal that is a number',
      kind: 'trust',
      text: trust(5),
      code: 'wrong-type',
      path: 'Statement[0].Principal',
      needle: '5',
    },
    {
      name: 'an empty Principal object',
      kind: 'trust',
      text: trust({}),
      code: 'invalid-principal',
      path: 'Statement[0].Principal',
      needle: '{}',
    },
    {
      name: 'a principal key in the wrong case',
      kind: 'trust',
      text: trust({ aws: '123456789012' }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.aws',
      needle: '"aws"',
      message: /write 'AWS'/,
    },
    {
      name: 'an unknown principal key',
      kind: 'trust',
      text: trust({ User: 'alice' }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.User',
      needle: '"User"',
    },
    {
      name: 'an AWS principal that is neither account nor ARN',
      kind: 'trust',
      text: trust({ AWS: ['123456789012', '12345'] }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.AWS[1]',
      needle: '"12345"',
      message: /^Invalid principal in policy: "AWS":"12345"/,
    },
    {
      name: 'an AWS principal ARN with a wildcard',
      kind: 'trust',
      text: trust({ AWS: 'arn:aws:iam::123456789012:user/*' }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.AWS',
      needle: '"arn:aws:iam::123456789012:user/*"',
      message: /Wildcards/,
    },
    {
      name: 'an AWS principal ARN of another service',
      kind: 'trust',
      text: trust({ AWS: 'arn:aws:s3:::bucket' }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.AWS',
      needle: '"arn:aws:s3:::bucket"',
    },
    {
      name: 'an empty Service',
      kind: 'trust',
      text: trust({ Service: '' }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.Service',
      needle: '""',
    },
    {
      name: 'a Service with a wildcard',
      kind: 'trust',
      text: trust({ Service: '*.amazonaws.com' }),
      code: 'invalid-principal',
      path: 'Statement[0].Principal.Service',
      needle: '"*.amazonaws.com"',
    },
    {
      name: 'an empty array of principals',
      kind: 'trust',
      text: trust({ Service: [] }),
      code: 'wrong-type',
      path: 'Statement[0].Principal.Service',
      needle: '[]',
    },
    {
      name: 'a principal value that is not a string',
      kind: 'trust',
      text: trust({ AWS: [123456789012] }),
      code: 'wrong-type',
      path: 'Statement[0].Principal.AWS[0]',
      needle: '123456789012',
    },
  ];
  it.each(cases)('rejects $name', check);

  it('reads "*" as the wildcard principal', () => {
    const principal = ok(parsePolicy(trust('*'), { kind: 'trust' })).statements[0]?.principal;
    expect(principal).toMatchObject({
      negated: false,
      wildcard: true,
      entries: [],
      span: { path: 'Statement[0].Principal' },
    });
  });

  it('reads typed entries with their spans', () => {
    const text = trust({
      AWS: [
        '*',
        '123456789012',
        'arn:aws:iam::123456789012:root',
        'arn:aws:iam::123456789012:role/path/Name',
        'arn:aws:sts::123456789012:assumed-role/Name/session',
        'arn:aws-cn:iam::123456789012:user/u',
      ],
      Service: 'ec2.amazonaws.com',
      Federated: 'arn:aws:iam::123456789012:saml-provider/Okta',
      CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
    });
    const principal = ok(parsePolicy(text, { kind: 'trust' })).statements[0]?.principal;
    expect(principal?.wildcard).toBe(false);
    expect(principal?.entries.map((e) => [e.type, e.value.span.path])).toEqual([
      ['AWS', 'Statement[0].Principal.AWS[0]'],
      ['AWS', 'Statement[0].Principal.AWS[1]'],
      ['AWS', 'Statement[0].Principal.AWS[2]'],
      ['AWS', 'Statement[0].Principal.AWS[3]'],
      ['AWS', 'Statement[0].Principal.AWS[4]'],
      ['AWS', 'Statement[0].Principal.AWS[5]'],
      ['Service', 'Statement[0].Principal.Service'],
      ['Federated', 'Statement[0].Principal.Federated'],
      ['CanonicalUser', 'Statement[0].Principal.CanonicalUser'],
    ]);
  });

  it('reads NotPrincipal as negated', () => {
    const text = doc([st({ Principal: undefined, NotPrincipal: { AWS: '123456789012' } }, RESOURCE)]);
    expect(ok(parsePolicy(text, { kind: 'resource' })).statements[0]?.principal?.negated).toBe(true);
  });
});

describe('parsePolicy: conditions', () => {
  const condition = (block: unknown, version = '2012-10-17'): string =>
    doc([st({ Condition: block })], { Version: version });
  const cases: Case[] = [
    {
      name: 'a Condition that is not an object',
      text: condition('true'),
      code: 'wrong-type',
      path: 'Statement[0].Condition',
      needle: '"true"',
    },
    {
      name: 'an operator in the wrong case',
      text: condition({ bool: { 'aws:SecureTransport': 'true' } }),
      code: 'invalid-condition-operator',
      path: 'Statement[0].Condition.bool',
      needle: '"bool"',
      message: /write 'Bool'/,
    },
    {
      name: 'an unknown operator',
      text: condition({ StringIs: { 'aws:username': 'a' } }),
      code: 'invalid-condition-operator',
      path: 'Statement[0].Condition.StringIs',
      needle: '"StringIs"',
    },
    {
      name: 'NullIfExists',
      text: condition({ NullIfExists: { 'aws:MultiFactorAuthAge': 'true' } }),
      code: 'invalid-condition-operator',
      path: 'Statement[0].Condition.NullIfExists',
      needle: '"NullIfExists"',
    },
    {
      name: 'an unknown set operator',
      text: condition({ 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } }),
      code: 'invalid-condition-operator',
      path: 'Statement[0].Condition.ForSomeValues:StringEquals',
      needle: '"ForSomeValues:StringEquals"',
    },
    {
      name: 'an operator whose block is not an object',
      text: condition({ Bool: 'true' }),
      code: 'wrong-type',
      path: 'Statement[0].Condition.Bool',
      needle: '"true"',
    },
    {
      name: 'an operator with no keys',
      text: condition({ Bool: {} }),
      code: 'missing-element',
      path: 'Statement[0].Condition.Bool',
      needle: '{}',
    },
    {
      name: 'a key without a prefix',
      text: condition({ Bool: { MultiFactorAuthPresent: 'true' } }),
      code: 'invalid-condition-key',
      path: 'Statement[0].Condition.Bool.MultiFactorAuthPresent',
      needle: '"MultiFactorAuthPresent"',
      message: /service:keyname/,
    },
    {
      name: 'a key with a space',
      text: condition({ StringEquals: { 'aws: username': 'a' } }),
      code: 'invalid-condition-key',
      path: 'Statement[0].Condition.StringEquals["aws: username"]',
      needle: '"aws: username"',
    },
    {
      name: 'a Bool value that is not a boolean',
      text: condition({ Bool: { 'aws:SecureTransport': 'yes' } }),
      code: 'invalid-condition-value',
      path: 'Statement[0].Condition.Bool.aws:SecureTransport',
      needle: '"yes"',
    },
    {
      name: 'a Null value that is not a boolean',
      text: condition({ Null: { 'aws:MultiFactorAuthAge': 'maybe' } }),
      code: 'invalid-condition-value',
      path: 'Statement[0].Condition.Null.aws:MultiFactorAuthAge',
      needle: '"maybe"',
    },
    {
      name: 'a numeric value in a list that is not a number',
      text: condition({ NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600', 'ten'] } }),
      code: 'invalid-condition-value',
      path: 'Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge[1]',
      needle: '"ten"',
    },
    {
      name: 'an unclosed variable under 2012-10-17',
      text: condition({ StringLike: { 's3:prefix': 'home/${aws:username/*' } }),
      code: 'invalid-condition-value',
      path: 'Statement[0].Condition.StringLike.s3:prefix',
      needle: '"home/',
    },
    {
      name: 'an empty list of values',
      text: condition({ StringEquals: { 'aws:username': [] } }),
      code: 'missing-element',
      path: 'Statement[0].Condition.StringEquals.aws:username',
      needle: '[]',
    },
    {
      name: 'a null value',
      text: condition({ StringEquals: { 'aws:username': null } }),
      code: 'wrong-type',
      path: 'Statement[0].Condition.StringEquals.aws:username',
      needle: 'null',
    },
    {
      name: 'an object value',
      text: condition({ StringEquals: { 'aws:username': { a: 1 } } }),
      code: 'wrong-type',
      path: 'Statement[0].Condition.StringEquals.aws:username',
      needle: '{',
      nth: 4,
    },
  ];
  it.each(cases)('rejects $name', check);

  it('accepts an unclosed variable as literal text under 2008-10-17', () => {
    const policy = ok(
      parsePolicy(condition({ StringLike: { 's3:prefix': 'home/${aws:username/*' } }, '2008-10-17'), {
        kind: 'managed',
      }),
    );
    expect(policy.statements[0]?.conditions[0]?.values[0]?.value).toBe('home/${aws:username/*');
  });

  it('accepts an empty Condition', () => {
    expect(ok(parsePolicy(condition({}), { kind: 'managed' })).statements[0]?.conditions).toEqual([]);
  });

  it('makes one clause per operator and key, with qualifiers read', () => {
    const text = condition({
      'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['team*', 'env'], 'aws:PrincipalTag/team': 'a' },
      BoolIfExists: { 'aws:MultiFactorAuthPresent': false },
      NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
    });
    const clauses = ok(parsePolicy(text, { kind: 'managed' })).statements[0]?.conditions ?? [];
    expect(
      clauses.map((c) => ({
        operator: c.operator.value,
        base: c.base,
        set: c.setOperator,
        ifExists: c.ifExists,
        key: c.key.value,
        values: c.values.map((v) => v.value),
      })),
    ).toEqual([
      {
        operator: 'ForAnyValue:StringLikeIfExists',
        base: 'StringLike',
        set: 'ForAnyValue',
        ifExists: true,
        key: 'aws:TagKeys',
        values: ['team*', 'env'],
      },
      {
        operator: 'ForAnyValue:StringLikeIfExists',
        base: 'StringLike',
        set: 'ForAnyValue',
        ifExists: true,
        key: 'aws:PrincipalTag/team',
        values: ['a'],
      },
      {
        operator: 'BoolIfExists',
        base: 'Bool',
        set: undefined,
        ifExists: true,
        key: 'aws:MultiFactorAuthPresent',
        values: ['false'],
      },
      {
        operator: 'NumericLessThan',
        base: 'NumericLessThan',
        set: undefined,
        ifExists: false,
        key: 'aws:MultiFactorAuthAge',
        values: ['3600'],
      },
    ]);
    const [tags] = clauses;
    expect(tags?.operator.span).toMatchObject({
      path: 'Statement[0].Condition.ForAnyValue:StringLikeIfExists',
      start: at(text, '"ForAnyValue:StringLikeIfExists"'),
    });
    expect(tags?.key.span).toMatchObject({
      path: 'Statement[0].Condition.ForAnyValue:StringLikeIfExists.aws:TagKeys',
      start: at(text, '"aws:TagKeys"'),
    });
    expect(tags?.values.map((v) => [v.span.path, v.span.start])).toEqual([
      [
        'Statement[0].Condition.ForAnyValue:StringLikeIfExists.aws:TagKeys[0]',
        expect.objectContaining(at(text, '"team*"')),
      ],
      [
        'Statement[0].Condition.ForAnyValue:StringLikeIfExists.aws:TagKeys[1]',
        expect.objectContaining(at(text, '"env"')),
      ],
    ]);
    expect(tags?.span).toMatchObject({
      path: 'Statement[0].Condition.ForAnyValue:StringLikeIfExists.aws:TagKeys',
      start: at(text, '"aws:TagKeys"'),
    });
  });

  it('keeps the source text of numbers and writes booleans as true/false', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericEquals": {"s3:max-keys": [10, 1.50, -2]}, "Bool": {"aws:SecureTransport": true}}}]}';
    const [numbers, bool] = ok(parsePolicy(text, { kind: 'managed' })).statements[0]?.conditions ?? [];
    expect(numbers?.values.map((v) => v.value)).toEqual(['10', '1.50', '-2']);
    expect(bool?.values.map((v) => v.value)).toEqual(['true']);
  });

  it('accepts condition keys of federation providers, with dots and slashes in the prefix', () => {
    const text = condition({
      StringEquals: {
        'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:ns:sa',
        'cognito-identity.amazonaws.com:aud': 'x',
      },
    });
    expect(ok(parsePolicy(text, { kind: 'managed' })).statements[0]?.conditions).toHaveLength(2);
  });
});

describe('parsePolicy: size limits', () => {
  /** A minified managed policy of exactly `size` characters. */
  function ofSize(size: number): string {
    const shell = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: '', Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const text = shell.replace('"Sid":""', `"Sid":"${'A'.repeat(size - shell.length)}"`);
    expect(text.length).toBe(size);
    return text;
  }

  it('accepts a managed policy of 6,144 characters and rejects one of 6,145', () => {
    expect(parsePolicy(ofSize(6144), { kind: 'managed' }).ok).toBe(true);
    const errors = errorsOf(parsePolicy(ofSize(6145), { kind: 'managed' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'size-limit',
      span: { path: '', start: { line: 1, column: 1 } },
    });
    expect(errors[0]?.message).toMatch(
      /^Cannot exceed quota for PolicySize: 6144\. This managed policy is 6145 characters/,
    );
  });

  it('does not count whitespace against the limit', () => {
    const pretty = JSON.stringify(JSON.parse(ofSize(6144)), null, 8);
    expect(pretty.length).toBeGreaterThan(6200);
    expect(parsePolicy(pretty, { kind: 'managed' }).ok).toBe(true);
  });

  it.each([
    ['user-inline', 2048],
    ['group-inline', 5120],
    ['role-inline', 10240],
    ['boundary', 6144],
  ] as const)('limits a %s policy to %i characters', (kind, max) => {
    expect(parsePolicy(ofSize(max), { kind }).ok).toBe(true);
    expect(errorsOf(parsePolicy(ofSize(max + 1), { kind })).map((e) => e.code)).toEqual(['size-limit']);
  });

  it('limits a trust policy to 2,048 characters unless the quota was raised', () => {
    const trust = (size: number): string => {
      const shell = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: '', ...TRUST }] });
      return shell.replace('"Sid":""', `"Sid":"${'A'.repeat(size - shell.length)}"`);
    };
    expect(parsePolicy(trust(2048), { kind: 'trust' }).ok).toBe(true);
    expect(errorsOf(parsePolicy(trust(2049), { kind: 'trust' }))[0]?.message).toMatch(
      /^Cannot exceed quota for ACLSizePerRole: 2048\./,
    );
    expect(parsePolicy(trust(4096), { kind: 'trust', sizeLimit: 4096 }).ok).toBe(true);
    expect(parsePolicy(trust(4097), { kind: 'trust', sizeLimit: 4096 }).ok).toBe(false);
  });

  it('counts every character of a session policy, whitespace included', () => {
    const padded = `${ofSize(2000)}${' '.repeat(48)}`;
    expect(parsePolicy(padded, { kind: 'session' }).ok).toBe(true);
    expect(errorsOf(parsePolicy(`${padded} `, { kind: 'session' })).map((e) => e.code)).toEqual([
      'size-limit',
    ]);
  });

  it('sets no limit of its own on resource policies', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...RESOURCE, Sid: 'A'.repeat(20000) }],
    });
    expect(parsePolicy(text, { kind: 'resource' }).ok).toBe(true);
  });
});

describe('parsePolicy: every error at once', () => {
  it('reports all errors across statements, in source order', () => {
    const text = doc([
      st({ Effect: 'allow' }),
      st({ Action: 'iam: GetUser', Resource: 'bucket' }),
      st({ Principal: '*' }),
    ]);
    const errors = errorsOf(parsePolicy(text, { kind: 'managed' }));
    expect(errors.map((e) => [e.code, e.span.path, e.span.start.line])).toEqual([
      ['invalid-effect', 'Statement[0].Effect', at(text, '"allow"').line],
      ['invalid-action', 'Statement[1].Action', at(text, '"iam: GetUser"').line],
      ['invalid-resource', 'Statement[1].Resource', at(text, '"bucket"').line],
      ['principal-not-allowed', 'Statement[2].Principal', at(text, '"Principal"').line],
    ]);
  });
});

describe('the seed policies', () => {
  it.each([
    ['000-force-mfa.json', 9],
    ['001-enforce-mfa-console.json', 9],
    ['003-require-mfa.json', 6],
    ['004-force-mfa.json', 5],
    ['aws-AmazonEC2FullAccess.json', 5],
  ])('%s parses cleanly as a managed policy', (name, statements) => {
    const policy = ok(parsePolicy(fixture(name), { kind: 'managed' }));
    expect(policy.version).toBe('2012-10-17');
    expect(policy.statements).toHaveLength(statements);
  });

  it('reads the Force_MFA deny statement the way the tutorial explains it', () => {
    const deny = ok(parsePolicy(fixture('000-force-mfa.json'), { kind: 'managed' })).statements[8];
    expect(deny).toMatchObject({ sid: 'DenyAllExceptListedIfNoMFA', effect: 'Deny' });
    expect(deny?.action.negated).toBe(true);
    expect(deny?.action.values.map((v) => v.value)).toContain('sts:GetSessionToken');
    expect(
      deny?.conditions.map((c) => [c.base, c.ifExists, c.key.value, c.values.map((v) => v.value)]),
    ).toEqual([['Bool', true, 'aws:MultiFactorAuthPresent', ['false']]]);
  });

  it('puts the seed 004 statements back together across the code fences', () => {
    const text = fixture('004-force-mfa.json');
    const policy = ok(parsePolicy(text, { kind: 'managed' }));
    expect(policy.statements.map((s) => s.sid)).toEqual([
      'AllowAllUsersToListAccounts',
      'AllowIndividualUserToSeeAndManageTheirOwnAccountInformation',
      'AllowIndividualUserToListTheirOwnMFA',
      'AllowIndividualUserToManageTheirOwnMFA',
      'BlockAnyAccessOtherThanAboveUnlessSignedInWithMFA',
    ]);
    expect(policy.statements[3]?.action.values.map((v) => v.value)).toContain(
      'iam:RequestSmsMfaRegistration',
    );
    expect(text).not.toContain('accountid');
    expect(policy.statements[1]?.resource?.values[0]?.value).toBe(
      'arn:aws:iam::123456789012:user/${aws:username}',
    );
  });

  it('finds exactly the one defect of seed 002, "iam: EnableMFADevice", where it is', () => {
    const text = fixture('002-force-mfa.json');
    const errors = errorsOf(parsePolicy(text, { kind: 'managed' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'invalid-action',
      message: "Action 'iam: EnableMFADevice' contains whitespace; remove it: 'iam:EnableMFADevice'.",
      span: { path: 'Statement[3].Action[3]', start: { line: 50, column: 9 } },
    });
    expect(errors[0]?.span.start).toMatchObject(at(text, '"iam: EnableMFADevice"'));
    expect(text.slice(errors[0]?.span.start.offset, errors[0]?.span.end.offset)).toBe(
      '"iam: EnableMFADevice"',
    );
  });

  it('parses seed 002 cleanly once the space is removed and the account ID filled in', () => {
    const text = fixture('002-force-mfa.json')
      .replace('"iam: EnableMFADevice"', '"iam:EnableMFADevice"')
      .replaceAll('ACCOUNT-ID-WITHOUT-HYPHENS', '123456789012');
    const policy = ok(parsePolicy(text, { kind: 'managed' }));
    expect(policy.statements.map((s) => s.sid)).toEqual([
      'AllowAllUsersToListAccounts',
      'AllowIndividualUserToSeeTheirAccountInformation',
      'AllowIndividualUserToListTheirMFA',
      'AllowIndividualUserToManageThierMFA',
      'DoNotAllowAnythingOtherThanAboveUnlessMFAd',
    ]);
    const deny = policy.statements[4];
    expect(deny?.conditions.map((c) => [c.base, c.key.value, c.values[0]?.value])).toEqual([
      ['Null', 'aws:MultiFactorAuthAge', 'true'],
    ]);
    expect(policy.statements[3]?.resource?.values.map((v) => v.value)).toEqual([
      'arn:aws:iam::123456789012:mfa/${aws:username}',
      'arn:aws:iam::123456789012:user/${aws:username}',
    ]);
  });
});
