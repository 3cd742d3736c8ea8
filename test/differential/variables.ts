/**
 * Policy variables whose key has no value in the request. The IAM User Guide
 * (reference_policies_variables.html, "Policy variables with no value") says what happens, value by
 * value and resource by resource:
 *
 *   "When you use a variable with no value in the condition element of an IAM policy, IAM JSON
 *   policy elements: Condition operators like StringEquals or StringLike do not match, and the
 *   policy statement does not take effect. Inverted condition operators like StringNotEquals or
 *   StringNotLike do match against a null value, as the value of the condition key they are testing
 *   against is not equal to or like the effectively null value. [...] If a variable that has no
 *   value in the authorization context is used as part of the Resource or NotResource element of a
 *   policy, the resource that includes a policy variable with no value will not match any resource."
 *
 * and, on the same page: "To prevent variables from causing invalid statements, use the
 * ...IfExists condition operator."
 *
 * The AWS reading below writes exactly that: a Resource or NotResource entry with such a variable
 * becomes an ARN that matches nothing, and a condition value with one becomes a value that no
 * request value equals or is like. The main space keeps every variable resolvable; this area
 * lets keys go missing.
 */
import fc from 'fast-check';
import { mainPolicy, request, type Applicable, type Pair } from './arbitraries.js';
import { ACCOUNT } from './catalog.js';
import type { Departure } from './departures.js';
import type { PolicyJson, Request } from './engines.js';

const VARIABLE = /\$\{([^}]*)\}/g;
const LITERAL_VARIABLES = new Set(['*', '?', '$']);

/** An ARN no request resource has. */
const NO_RESOURCE = 'arn:aws:no-value:::no-value';
/** A string no request value equals or is like (no wildcards), and the same as an ARN. */
const NO_STRING = 'no-value-\u2205';

/** Whether every `${key}` without a default in `text` has a single value in the context. */
function resolves(text: string, context: Request['context']): boolean {
  const lower = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [, inner] of text.matchAll(VARIABLE)) {
    const [name = '', fallback] = (inner as string).split(',');
    if (fallback !== undefined || LITERAL_VARIABLES.has(name.trim())) continue;
    if (typeof lower.get(name.trim().toLowerCase()) !== 'string') return false;
  }
  return true;
}

function statementsOf(policy: PolicyJson): Record<string, unknown>[] {
  const s = policy['Statement'];
  return (Array.isArray(s) ? s : [s]) as Record<string, unknown>[];
}

/** Whether every variable of every 2012-10-17 policy resolves in the request: the main space. */
export function variablesResolve(pair: Pair): boolean {
  return pair.policies.every(
    (p) => p['Version'] !== '2012-10-17' || resolves(JSON.stringify(p['Statement']), pair.request.context),
  );
}

function rewrite(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, f));
  return value;
}

/** The pair with every value that reads a variable with no value replaced as the guide says. */
export function awsReadingOfMissingVariables(pair: Pair): Pair {
  const { context } = pair.request;
  const policies = pair.policies.map((policy) => {
    if (policy['Version'] !== '2012-10-17') return policy;
    const statements = statementsOf(policy).map((s) => {
      const out: Record<string, unknown> = { ...s };
      for (const element of ['Resource', 'NotResource']) {
        if (element in s) out[element] = rewrite(s[element], (r) => (resolves(r, context) ? r : NO_RESOURCE));
      }
      const condition = s['Condition'] as Record<string, Record<string, unknown>> | undefined;
      if (condition) {
        out['Condition'] = Object.fromEntries(
          Object.entries(condition).map(([operator, keys]) => {
            const replacement = operator.includes('Arn') ? NO_RESOURCE : NO_STRING;
            const next = Object.fromEntries(
              Object.entries(keys).map(([key, values]) => [
                key,
                rewrite(values, (v) => (resolves(v, context) ? v : replacement)),
              ]),
            );
            return [operator, next];
          }),
        );
      }
      return out;
    });
    return { ...policy, Statement: statements };
  });
  return { ...pair, policies };
}

/** The area as a Departure-shaped entry: the test runs it like the departures. */
export const VARIABLES_WITH_NO_VALUE: Departure = {
  id: '(f) variables with no value',
  rule:
    'a variable with no value makes its own value or resource entry match nothing; negated operators then ' +
    'hold, IfExists on a missing key holds, and the other values and entries still count',
  source:
    'IAM User Guide, reference_policies_variables.html, "Policy variables with no value" (quoted in ' +
    'test/differential/variables.ts)',
  pairs: (applicable: Applicable) =>
    fc.record({
      policies: fc.array(mainPolicy, { minLength: 1, maxLength: 3 }),
      request: request(applicable),
    }),
  awsReading: awsReadingOfMissingVariables,
  example: {
    // The guide's own example on that page: "Access is explicitly denied when aws:principaltag/Team
    // is not set." (with an Allow added so that the Deny is what decides).
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports-bucket/*' },
            {
              Effect: 'Deny',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::reports-bucket/*',
              Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } },
            },
          ],
        },
      ],
      request: {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::reports-bucket/alice/2024/q1.csv',
        context: { 's3:ExistingObjectTag/Team': 'red', 'aws:username': 'alice' },
      },
    },
    aws: 'explicitDeny',
    iamSimulate: 'allowed',
  },
};

/** Minimal cases where iamfa (as of this writing) does not follow the guide, with the guide's answer. */
export const MISSING_VARIABLE_CASES: readonly {
  readonly name: string;
  readonly pair: Pair;
  readonly aws: string;
}[] = [
  {
    name: 'a Resource list keeps its other entries ("the resource that includes a policy variable with no value will not match any resource")',
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: ['*', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`],
            },
          ],
        },
      ],
      request: { action: 'ec2:DescribeInstances', resource: '*', context: {} },
    },
    aws: 'allowed',
  },
  {
    name: 'IfExists on a missing key holds ("To prevent variables from causing invalid statements, use the ...IfExists condition operator")',
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': '${aws:username}' } },
            },
          ],
        },
      ],
      request: { action: 'ec2:DescribeInstances', resource: '*', context: {} },
    },
    aws: 'allowed',
  },
  {
    name: 'the other values of a condition still count (values are ORed; only the one with no value does not match)',
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:username': ['bob', '${aws:PrincipalTag/team}'] } },
            },
          ],
        },
      ],
      request: { action: 'ec2:DescribeInstances', resource: '*', context: { 'aws:username': 'bob' } },
    },
    aws: 'allowed',
  },
  {
    name: 'NotResource with a variable with no value excludes nothing',
    pair: {
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::reports-bucket/${aws:username}/*' },
          ],
        },
      ],
      request: { action: 'ec2:DescribeInstances', resource: '*', context: {} },
    },
    aws: 'allowed',
  },
];
