import { describe, expect, it } from 'vitest';
import { DEFAULT_SELF_SERVICE_ACTIONS, selfServiceList } from './self-service.js';

describe('the self-service list', () => {
  it("holds AWS's self-service actions, matched ignoring case", () => {
    const list = selfServiceList(DEFAULT_SELF_SERVICE_ACTIONS);
    for (const action of [
      'iam:ChangePassword',
      'IAM:enablemfadevice',
      'sts:GetSessionToken',
      'sts:GetCallerIdentity',
    ])
      expect(list.has(action)).toBe(true);
    for (const action of ['iam:CreateUser', 'iam:CreateLoginProfile', 'ec2:RunInstances'])
      expect(list.has(action)).toBe(false);
  });

  it('takes patterns', () => {
    const list = selfServiceList(['ec2:Describe*', 's3:Get?bject']);
    expect(list.has('ec2:DescribeInstances')).toBe(true);
    expect(list.has('s3:GetObject')).toBe(true);
    expect(list.has('ec2:RunInstances')).toBe(false);
  });
});
