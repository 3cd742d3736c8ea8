import { describe, expect, it } from 'vitest';
import { resourceCandidates, templateCandidates } from './resource-candidates.js';

const owner = { partition: 'aws', region: 'eu-west-1', account: '123456789012', userName: 'alice' };

describe('templateCandidates', () => {
  it("fills a user's template with the principal's own name and with someone else's", () => {
    expect(templateCandidates('arn:${Partition}:iam::${Account}:user/${UserNameWithPath}', owner)).toEqual([
      { arn: 'arn:aws:iam::123456789012:user/alice', owner: 'self' },
      { arn: 'arn:aws:iam::123456789012:user/iamfa-someone-else', owner: 'other' },
    ]);
    expect(
      templateCandidates('arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}', owner)[0],
    ).toEqual({
      arn: 'arn:aws:iam::123456789012:mfa/alice',
      owner: 'self',
    });
  });

  it('fills any other template once, with the region and account', () => {
    expect(
      templateCandidates('arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}', owner),
    ).toEqual([{ arn: 'arn:aws:ec2:eu-west-1:123456789012:instance/iamfa-probe', owner: 'any' }]);
  });
});

describe('resourceCandidates', () => {
  it('adds * where a request may carry it: no resource-level permissions, or no required type', () => {
    const [list, describeThing, run] = resourceCandidates(
      [
        { action: 'iam:ListUsers', resourceTypes: [], wildcardOnly: true },
        {
          action: 'ec2:DescribeThing',
          resourceTypes: [
            { name: 'thing', arn: 'arn:${Partition}:ec2:${Region}:${Account}:thing/${Id}', required: false },
          ],
          wildcardOnly: false,
        },
        {
          action: 'ec2:RunThing',
          resourceTypes: [
            { name: 'thing', arn: 'arn:${Partition}:ec2:${Region}:${Account}:thing/${Id}', required: true },
          ],
          wildcardOnly: false,
        },
      ],
      owner,
    );
    expect(list?.resources).toEqual([{ arn: '*', owner: 'any' }]);
    expect(describeThing?.resources.map((r) => r.arn)).toEqual([
      '*',
      'arn:aws:ec2:eu-west-1:123456789012:thing/iamfa-probe',
    ]);
    expect(run?.resources.map((r) => r.arn)).toEqual([
      'arn:aws:ec2:eu-west-1:123456789012:thing/iamfa-probe',
    ]);
  });
});

describe('actions on the caller alone', () => {
  it("are not tried on someone else's user: iam:ChangePassword names no user", () => {
    const [change] = resourceCandidates(
      [
        {
          action: 'iam:ChangePassword',
          resourceTypes: [
            {
              name: 'user',
              arn: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}',
              required: true,
            },
          ],
          wildcardOnly: false,
        },
      ],
      owner,
    );
    expect(change?.resources).toEqual([{ arn: 'arn:aws:iam::123456789012:user/alice', owner: 'self' }]);
  });
});
