import { describe, expect, it } from 'vitest';
import { globalKeyName } from './key-names.js';
import { loadActionResources } from './action-resources.js';

describe('the catalog of actions and their resources', () => {
  it('holds every action of every service with its ARN templates, and is loaded once', async () => {
    const actions = await loadActionResources();
    expect(await loadActionResources()).toBe(actions);
    expect(actions.length).toBeGreaterThan(20_000);
    expect(new Set(actions.map((a) => a.action.split(':')[0])).size).toBeGreaterThan(400);
    const createAccessKey = actions.find((a) => a.action === 'iam:CreateAccessKey');
    expect(createAccessKey).toEqual({
      action: 'iam:CreateAccessKey',
      resourceTypes: [
        { name: 'user', arn: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}', required: true },
      ],
      wildcardOnly: false,
    });
    expect(actions.find((a) => a.action === 'sts:GetCallerIdentity')?.wildcardOnly).toBe(true);
    expect(actions.find((a) => a.action === 'ec2:RunInstances')?.resourceTypes.length).toBeGreaterThan(5);
  });
});

describe('globalKeyName', () => {
  it('spells global keys as AWS does, keeping a tag key as given', () => {
    expect(globalKeyName('aws:multifactorauthpresent')).toBe('aws:MultiFactorAuthPresent');
    expect(globalKeyName('aws:principaltag/Team')).toBe('aws:PrincipalTag/Team');
    expect(globalKeyName('iam:awsservicename')).toBeUndefined();
  });
});
