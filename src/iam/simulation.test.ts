import { describe, expect, it } from 'vitest';
import { contextKeys } from './context-keys.js';
import { simulationContext } from './simulation-context.js';
import { inputPolicy } from './simulation-policies.js';
import { simulate, Simulator } from './simulation.js';
import { statementPositions } from './statement-positions.js';

const policy = (text: string, id = 'PolicyInputList.1') => inputPolicy(text, id, 'IAM Policy', 'managed');

describe('statementPositions', () => {
  it('starts a lone statement object after its { and ends it after its }', () => {
    const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    const { document } = policy(text);
    expect([...statementPositions(text, document).values()]).toEqual([
      { StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: text.length } },
    ]);
  });

  it('counts CRLF as one line break, and starts later statements at the previous end', () => {
    const text =
      '{\r\n "Version": "2012-10-17",\r\n "Statement": [\r\n  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},\r\n  {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}\r\n ]\r\n}';
    const { document } = policy(text);
    const [first, second] = [...statementPositions(text, document).values()];
    expect(first).toEqual({ StartPosition: { Line: 3, Column: 16 }, EndPosition: { Line: 4, Column: 57 } });
    expect(second?.StartPosition).toEqual({ Line: 4, Column: 57 });
    expect(second?.EndPosition.Line).toBe(5);
  });
});

describe('contextKeys', () => {
  it('reads variables with defaults, skips escapes, and ignores variables under 2008-10-17', () => {
    const current = policy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/${*}",
            Condition: { StringEquals: { 's3:prefix': '${aws:userid}' } },
          },
        ],
      }),
    );
    const old = policy(
      '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}]}',
    );
    expect(contextKeys([current.document, old.document])).toEqual([
      'aws:PrincipalTag/team',
      's3:prefix',
      'aws:userid',
    ]);
  });
});

describe('simulationContext', () => {
  it('keeps list types as lists and single values as values; booleans as the engine writes them', () => {
    const context = simulationContext([
      { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['a'], ContextKeyType: 'stringList' },
      { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['True'], ContextKeyType: 'boolean' },
      { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['2001:db8::/32'], ContextKeyType: 'ip' },
    ]);
    expect(context.get('aws:tagkeys')).toEqual(['a']);
    expect(context.get('aws:securetransport')).toBe('true');
    expect(context.get('aws:sourceip')).toBe('2001:db8::/32');
  });
});

describe('simulate', () => {
  it('decides with the enforcing engine and explains the decision', () => {
    const input = {
      identity: [
        policy(
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}',
        ),
      ],
      actions: ['iam:GetUser', 'iam:ListUsers'],
      resources: ['*'],
      context: simulationContext(),
      callerAccount: '123456789012',
    };
    const page = simulate(input, { MaxItems: 1 });
    expect(page.items.map((r) => r.EvalDecision)).toEqual(['allowed']);
    expect(page.IsTruncated).toBe(true);
    expect(new Simulator(input).explain('iam:ListUsers', '*')).toContain(
      'iam:ListUsers on *: DENIED implicitly',
    );
  });
});
