import { rejection } from '../../../test/support/errors.js';
import { testCallContext, testCaller } from '../../../test/support/caller.js';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT, insertTestUser } from '../../../test/support/store.js';
import { secretBox } from '../../auth/secret-box.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../operation.js';
import { credentialOperations } from './credentials.js';

const T0 = new Date('2025-08-01T00:00:00.000Z');
const ALICE: Caller = testCaller(`arn:aws:iam::${TEST_ACCOUNT}:user/alice`, { userName: 'alice' });
const ROLE: Caller = testCaller(`arn:aws:sts::${TEST_ACCOUNT}:assumed-role/admin/session`);

let store: Store;
beforeEach(async () => {
  store = await testStore();
  for (const name of ['alice', 'bob']) {
    await insertTestUser(store.db, name, { accountId: TEST_ACCOUNT, createdAt: T0 });
  }
});
afterEach(() => store.close());

const secrets = secretBox(randomBytes(32));
function call(name: string, input: Record<string, unknown>, caller: Caller = ALICE) {
  const handler = credentialOperations[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(input, testCallContext(store, { caller, now: T0, secrets }));
}

describe('credentialOperations', () => {
  it('covers exactly the credential and password-policy operations of the IAM model', () => {
    const model = JSON.parse(readFileSync(new URL('../models/iam.json', import.meta.url), 'utf8')) as {
      operations: Record<string, unknown>;
    };
    const names = Object.keys(credentialOperations).sort();
    expect(names).toEqual(
      [
        'UpdateAccountPasswordPolicy',
        'GetAccountPasswordPolicy',
        'DeleteAccountPasswordPolicy',
        'CreateLoginProfile',
        'GetLoginProfile',
        'UpdateLoginProfile',
        'DeleteLoginProfile',
        'ChangePassword',
        'CreateAccessKey',
        'ListAccessKeys',
        'UpdateAccessKey',
        'DeleteAccessKey',
        'GetAccessKeyLastUsed',
        'UploadSSHPublicKey',
        'GetSSHPublicKey',
        'ListSSHPublicKeys',
        'UpdateSSHPublicKey',
        'DeleteSSHPublicKey',
        'UploadSigningCertificate',
        'ListSigningCertificates',
        'UpdateSigningCertificate',
        'DeleteSigningCertificate',
        'CreateServiceSpecificCredential',
        'ListServiceSpecificCredentials',
        'ResetServiceSpecificCredential',
        'UpdateServiceSpecificCredential',
        'DeleteServiceSpecificCredential',
      ].sort(),
    );
    for (const name of names) expect(model.operations, name).toHaveProperty(name);
  });
});

describe('access key handlers', () => {
  it('act on the calling user when UserName is left out', async () => {
    const created = (await call('CreateAccessKey', {})) as { AccessKey: Record<string, string> };
    expect(created.AccessKey).toMatchObject({ UserName: 'alice', Status: 'Active' });
    expect(Object.keys(created.AccessKey).sort()).toEqual(
      ['AccessKeyId', 'CreateDate', 'SecretAccessKey', 'Status', 'UserName'].sort(),
    );
    const id = created.AccessKey['AccessKeyId'];
    expect(await call('UpdateAccessKey', { AccessKeyId: id, Status: 'Inactive' })).toBeUndefined();
    expect(await call('ListAccessKeys', {})).toEqual({
      AccessKeyMetadata: [
        { UserName: 'alice', AccessKeyId: id, Status: 'Inactive', CreateDate: T0.toISOString() },
      ],
      IsTruncated: false,
    });
    expect(await call('ListAccessKeys', { UserName: 'bob' })).toEqual({
      AccessKeyMetadata: [],
      IsTruncated: false,
    });
    expect(await call('DeleteAccessKey', { AccessKeyId: id })).toBeUndefined();
  });

  it('need a UserName from callers that are not IAM users', async () => {
    for (const [name, input] of [
      ['CreateAccessKey', {}],
      ['ListAccessKeys', {}],
      ['DeleteAccessKey', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }],
      ['ListSigningCertificates', {}],
      ['ListSSHPublicKeys', {}],
      ['GetLoginProfile', {}],
    ] as const) {
      const error = await rejection(call(name, input, ROLE));
      expect(error.code).toBe('ValidationError');
      expect(error.message).toBe('Must specify userName when calling with non-User credentials');
    }
    const created = (await call('CreateAccessKey', { UserName: 'bob' }, ROLE)) as {
      AccessKey: { UserName: string };
    };
    expect(created.AccessKey.UserName).toBe('bob');
  });

  it('page listings with Marker and MaxItems', async () => {
    await call('CreateAccessKey', {});
    await call('CreateAccessKey', {});
    const first = (await call('ListAccessKeys', { MaxItems: 1 })) as {
      IsTruncated: boolean;
      Marker: string;
      AccessKeyMetadata: unknown[];
    };
    expect(first.IsTruncated).toBe(true);
    expect(first.AccessKeyMetadata).toHaveLength(1);
    const second = (await call('ListAccessKeys', { MaxItems: 1, Marker: first.Marker })) as Record<
      string,
      unknown
    >;
    expect(second).toMatchObject({ IsTruncated: false });
    expect(second['AccessKeyMetadata']).toHaveLength(1);
    expect(second['AccessKeyMetadata']).not.toEqual(first.AccessKeyMetadata);
  });

  it('refuse GetAccessKeyLastUsed on an unknown key in the caller’s name', async () => {
    const error = await rejection(
      call('GetAccessKeyLastUsed', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, ROLE),
    );
    expect(error.code).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: ${ROLE.arn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE`,
    );
  });
});

describe('password handlers', () => {
  it('wrap the password policy and login profile in the model’s output members', async () => {
    expect(await call('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 10 })).toBeUndefined();
    expect(await call('GetAccountPasswordPolicy', {})).toMatchObject({
      PasswordPolicy: { MinimumPasswordLength: 10 },
    });
    expect(
      await call('CreateLoginProfile', {
        UserName: 'bob',
        Password: 'Bobs-Passw0rd',
        PasswordResetRequired: true,
      }),
    ).toEqual({
      LoginProfile: { UserName: 'bob', CreateDate: T0.toISOString(), PasswordResetRequired: true },
    });
    expect(await call('GetLoginProfile', { UserName: 'bob' })).toEqual({
      LoginProfile: { UserName: 'bob', CreateDate: T0.toISOString(), PasswordResetRequired: true },
    });
    expect(
      await call('UpdateLoginProfile', { UserName: 'bob', PasswordResetRequired: false }),
    ).toBeUndefined();
    expect(await call('DeleteLoginProfile', { UserName: 'bob' })).toBeUndefined();
    expect(await call('DeleteAccountPasswordPolicy', {})).toBeUndefined();
  });

  it('ChangePassword changes the calling user’s own password', async () => {
    await call('CreateLoginProfile', {
      UserName: 'alice',
      Password: 'Alices-Passw0rd',
      PasswordResetRequired: true,
    });
    await call('CreateLoginProfile', { UserName: 'bob', Password: 'Bobs-Passw0rd' });
    const wrong = await rejection(
      call('ChangePassword', { OldPassword: 'Bobs-Passw0rd', NewPassword: 'New-Passw0rd-1' }),
    );
    expect(wrong.code).toBe('InvalidUserType');
    expect(
      await call('ChangePassword', { OldPassword: 'Alices-Passw0rd', NewPassword: 'New-Passw0rd-1' }),
    ).toBeUndefined();
    expect(await call('GetLoginProfile', {})).toMatchObject({
      LoginProfile: { PasswordResetRequired: false },
    });
    const role = await rejection(call('ChangePassword', { OldPassword: 'x', NewPassword: 'y' }, ROLE));
    expect(role.code).toBe('InvalidUserType');
  });
});

describe('SSH key, signing certificate and service credential handlers', () => {
  it('answer in the model’s output members', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    const uploaded = (await call('UploadSSHPublicKey', { UserName: 'alice', SSHPublicKeyBody: key })) as {
      SSHPublicKey: { SSHPublicKeyId: string };
    };
    const keyId = uploaded.SSHPublicKey.SSHPublicKeyId;
    expect(
      await call('GetSSHPublicKey', { UserName: 'alice', SSHPublicKeyId: keyId, Encoding: 'SSH' }),
    ).toMatchObject({
      SSHPublicKey: { SSHPublicKeyBody: expect.stringMatching(/^ssh-rsa AAAA/) },
    });
    expect(await call('ListSSHPublicKeys', {})).toEqual({
      SSHPublicKeys: [
        { UserName: 'alice', SSHPublicKeyId: keyId, Status: 'Active', UploadDate: T0.toISOString() },
      ],
      IsTruncated: false,
    });
    expect(
      await call('UpdateSSHPublicKey', { UserName: 'alice', SSHPublicKeyId: keyId, Status: 'Inactive' }),
    ).toBeUndefined();
    expect(await call('DeleteSSHPublicKey', { UserName: 'alice', SSHPublicKeyId: keyId })).toBeUndefined();

    const body = readFileSync(new URL('../../../test/fixtures/certs/alice-1.pem', import.meta.url), 'utf8');
    const cert = (await call('UploadSigningCertificate', { CertificateBody: body })) as {
      Certificate: { CertificateId: string; UserName: string };
    };
    expect(cert.Certificate.UserName).toBe('alice');
    expect(await call('ListSigningCertificates', {})).toEqual({
      Certificates: [cert.Certificate],
      IsTruncated: false,
    });
    const certId = cert.Certificate.CertificateId;
    expect(
      await call('UpdateSigningCertificate', { CertificateId: certId, Status: 'Inactive' }),
    ).toBeUndefined();
    expect(await call('DeleteSigningCertificate', { CertificateId: certId })).toBeUndefined();

    const created = (await call('CreateServiceSpecificCredential', {
      UserName: 'alice',
      ServiceName: 'codecommit.amazonaws.com',
    })) as { ServiceSpecificCredential: Record<string, string> };
    const credentialId = created.ServiceSpecificCredential['ServiceSpecificCredentialId'];
    const { ServicePassword: password, ...metadata } = created.ServiceSpecificCredential;
    expect(password).toHaveLength(60);
    expect(await call('ListServiceSpecificCredentials', {})).toEqual({
      ServiceSpecificCredentials: [metadata],
    });
    const reset = (await call('ResetServiceSpecificCredential', {
      ServiceSpecificCredentialId: credentialId,
    })) as {
      ServiceSpecificCredential: Record<string, string>;
    };
    expect(reset.ServiceSpecificCredential['ServicePassword']).not.toBe(
      created.ServiceSpecificCredential['ServicePassword'],
    );
    expect(
      await call('UpdateServiceSpecificCredential', {
        ServiceSpecificCredentialId: credentialId,
        Status: 'Inactive',
      }),
    ).toBeUndefined();
    expect(
      await call('DeleteServiceSpecificCredential', { ServiceSpecificCredentialId: credentialId }),
    ).toBeUndefined();
  });
});
