import { rejection } from '../../test/support/errors.js';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore, TEST_ACCOUNT, insertTestUser } from '../../test/support/store.js';
import { secretBox } from '../auth/secret-box.js';
import type { Store } from '../store/store.js';
import {
  createServiceSpecificCredential,
  deleteServiceSpecificCredential,
  listServiceSpecificCredentials,
  resetServiceSpecificCredential,
  updateServiceSpecificCredential,
} from './service-credentials.js';

const box = secretBox(randomBytes(32));
const T0 = new Date('2025-07-01T00:00:00.000Z');
const CODECOMMIT = 'codecommit.amazonaws.com';
const KEYSPACES = 'cassandra.amazonaws.com';

let store: Store;
beforeEach(async () => {
  store = await testStore();
  for (const name of ['alice', 'bob']) {
    await insertTestUser(store.db, name, { accountId: TEST_ACCOUNT, createdAt: T0 });
  }
});
afterEach(() => store.close());

const create = (service = CODECOMMIT, user = 'alice', now = T0) =>
  store.transaction((tx) => createServiceSpecificCredential(tx, box, TEST_ACCOUNT, user, service, now));
const rows = () => store.db.selectFrom('service_credentials').selectAll().execute();

describe('CreateServiceSpecificCredential', () => {
  it('makes a user name and a password shown once, stored only sealed', async () => {
    const credential = await create();
    expect(credential).toEqual({
      UserName: 'alice',
      Status: 'Active',
      ServiceUserName: `alice-at-${TEST_ACCOUNT}`,
      CreateDate: T0.toISOString(),
      ServiceSpecificCredentialId: expect.stringMatching(/^ACCA[A-Z2-7]{17}$/),
      ServiceName: CODECOMMIT,
      ServicePassword: expect.stringMatching(/^[A-Za-z0-9+/]{59}=$/),
    });
    const stored = await rows();
    expect(JSON.stringify(stored)).not.toContain(credential.ServicePassword);
    expect(box.open(stored[0]?.password ?? '', credential.ServiceSpecificCredentialId)).toBe(
      credential.ServicePassword,
    );
  });

  it('names a second credential for the service user+1, and allows two per service', async () => {
    const first = await create();
    const second = await create();
    expect(second.ServiceUserName).toBe(`alice+1-at-${TEST_ACCOUNT}`);
    expect(second.ServicePassword).not.toBe(first.ServicePassword);
    const error = await rejection(create());
    expect(error.code).toBe('LimitExceeded');
    expect(error.message).toBe('Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2');
    expect(await rows()).toHaveLength(2);
    // The quota is per service; user names are per service too.
    expect((await create(KEYSPACES)).ServiceUserName).toBe(`alice-at-${TEST_ACCOUNT}`);
    // A freed name is given again.
    await store.transaction((tx) =>
      deleteServiceSpecificCredential(tx, TEST_ACCOUNT, 'alice', first.ServiceSpecificCredentialId),
    );
    expect((await create()).ServiceUserName).toBe(`alice-at-${TEST_ACCOUNT}`);
  });

  it('refuses services without service-specific credentials as AWS does, with NoSuchEntity', async () => {
    for (const service of ['lambda.amazonaws.com', 'nonexistentservice.amazonaws.com', 'o3on3n3onosneo']) {
      const error = await rejection(create(service));
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe(`No such service ${service} is supported for Service Specific Credentials`);
    }
    expect(await rows()).toHaveLength(0);
  });

  it('checks the user before the service', async () => {
    const error = await rejection(create('lambda.amazonaws.com', 'nobody'));
    expect(error.message).toBe('The user with name nobody cannot be found.');
  });
});

describe('ListServiceSpecificCredentials', () => {
  it('lists without passwords, for one service or all', async () => {
    const cc = await create(CODECOMMIT);
    const ks = await create(KEYSPACES, 'alice', new Date(T0.getTime() + 1000));
    await create(CODECOMMIT, 'bob');
    const { ServicePassword: ccPassword, ...ccMeta } = cc;
    const { ServicePassword: ksPassword, ...ksMeta } = ks;
    expect(ccPassword).not.toBe(ksPassword);
    const list = (service?: string) =>
      store.transaction((tx) => listServiceSpecificCredentials(tx, TEST_ACCOUNT, 'alice', service));
    expect(await list(CODECOMMIT)).toEqual([ccMeta]);
    expect(await list()).toEqual([ccMeta, ksMeta]);
    expect(JSON.stringify(await list())).not.toContain(cc.ServicePassword);
    const error = await rejection(list('lambda.amazonaws.com'));
    expect(error.code).toBe('NoSuchEntity');
  });
});

describe('Reset, Update and DeleteServiceSpecificCredential', () => {
  it('reset replaces the password: a new one returned, only it stored', async () => {
    const credential = await create();
    const reset = await store.transaction((tx) =>
      resetServiceSpecificCredential(tx, box, TEST_ACCOUNT, 'alice', credential.ServiceSpecificCredentialId),
    );
    expect(reset).toEqual({ ...credential, ServicePassword: expect.any(String) });
    expect(reset.ServicePassword).not.toBe(credential.ServicePassword);
    const [row] = await rows();
    expect(box.open(row?.password ?? '', credential.ServiceSpecificCredentialId)).toBe(reset.ServicePassword);
    expect(JSON.stringify(row)).not.toContain(reset.ServicePassword);
  });

  it('update and delete act on the named user’s credential only, in AWS words otherwise', async () => {
    const credential = await create();
    const id = credential.ServiceSpecificCredentialId;
    await store.transaction((tx) =>
      updateServiceSpecificCredential(tx, TEST_ACCOUNT, 'alice', id, 'Inactive'),
    );
    expect(
      (await store.transaction((tx) => listServiceSpecificCredentials(tx, TEST_ACCOUNT, 'alice')))[0]?.Status,
    ).toBe('Inactive');
    for (const op of [
      () => store.transaction((tx) => updateServiceSpecificCredential(tx, TEST_ACCOUNT, 'bob', id, 'Active')),
      () => store.transaction((tx) => resetServiceSpecificCredential(tx, box, TEST_ACCOUNT, 'bob', id)),
      () => store.transaction((tx) => deleteServiceSpecificCredential(tx, TEST_ACCOUNT, 'bob', id)),
    ]) {
      const error = await rejection(op());
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe(`No such credential ${id} exists`);
    }
    const nobody = await rejection(
      store.transaction((tx) => deleteServiceSpecificCredential(tx, TEST_ACCOUNT, 'nobody', id)),
    );
    expect(nobody.message).toBe('The user with name nobody cannot be found.');
    await store.transaction((tx) => deleteServiceSpecificCredential(tx, TEST_ACCOUNT, 'alice', id));
    expect(await rows()).toEqual([]);
  });
});
