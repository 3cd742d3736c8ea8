/**
 * Where the engines differ and the AWS documentation does not say who is right: an operator
 * without a set qualifier on a multivalued key. The guide only says that "Multivalued context keys
 * require a condition set operator" (reference_policies_condition-single-vs-multi-valued-context-keys.html),
 * so the main space never generates one. iamfa's rule is in src/policy/conditions/clause.ts: a list
 * of two or more values never satisfies such a clause; a one-value list is read as that value; an
 * empty list as a missing key. iam-simulate never lets a list satisfy one. These cases pin iamfa's
 * rule and show iam-simulate's answer beside it.
 */
import type { DecisionKind } from '../../src/policy/index.js';
import type { Pair } from './arbitraries.js';
import { ACCOUNT } from './catalog.js';

const INSTANCE = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234`;

function allowIf(condition: Record<string, Record<string, string>>, tagKeys: readonly string[]): Pair {
  return {
    policies: [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }],
      },
    ],
    request: { action: 'ec2:CreateTags', resource: INSTANCE, context: { 'aws:TagKeys': tagKeys } },
  };
}

export const UNDOCUMENTED_CASES: readonly {
  readonly name: string;
  readonly pair: Pair;
  readonly iamfa: DecisionKind;
  readonly iamSimulate: DecisionKind;
}[] = [
  {
    name: 'StringEquals on aws:TagKeys holding one value',
    pair: allowIf({ StringEquals: { 'aws:TagKeys': 'env' } }, ['env']),
    iamfa: 'allowed',
    iamSimulate: 'implicitDeny',
  },
  {
    name: 'StringNotEquals on aws:TagKeys holding no values',
    pair: allowIf({ StringNotEquals: { 'aws:TagKeys': 'env' } }, []),
    iamfa: 'allowed',
    iamSimulate: 'implicitDeny',
  },
  {
    name: 'StringEquals on aws:TagKeys holding two values (both engines: no match)',
    pair: allowIf({ StringEquals: { 'aws:TagKeys': 'env' } }, ['env', 'team']),
    iamfa: 'implicitDeny',
    iamSimulate: 'implicitDeny',
  },
];
