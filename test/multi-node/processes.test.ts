import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure } from '../support/aws-errors.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { reapServers, spawnServer, type ServerProcess } from '../support/process.js';
import { randomAdminKey } from '../support/server.js';

/**
 * The acceptance test as an operator would run it: two `iamfa serve` processes, configured through
 * the environment only (IAMFA_DATABASE_URL, IAMFA_ENCRYPTION_KEY), started together on one
 * PostgreSQL database.
 */
describe('two iamfa serve processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let servers: ServerProcess[] = [];
  const dirs: string[] = [];
  const server = (i: number): ServerProcess => {
    const s = servers[i];
    if (!s) throw new Error(`no server ${i}`);
    return s;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const admin = randomAdminKey();
    const env = {
      IAMFA_DATABASE_URL: database.url,
      IAMFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    servers = await Promise.all(
      [0, 1].map(async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'iamfa-node-'));
        dirs.push(dataDir);
        return spawnServer({ dataDir, admin, env });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await reapServers();
    await database.drop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('say where their data is, and exactly one of them bootstrapped the account', () => {
    for (const s of servers) expect(s.stdout()).toContain('data in PostgreSQL');
    expect(servers.filter((s) => s.stdout().includes('First run')).length).toBe(1);
  });

  it('a user created through one is at once usable through the other', async () => {
    await server(0)
      .iam()
      .send(new CreateUserCommand({ UserName: 'shared' }));
    const { User } = await server(1)
      .iam()
      .send(new GetUserCommand({ UserName: 'shared' }));
    expect(User?.UserName).toBe('shared');
  });

  it('50 concurrent CreateUser with one name over both: 1 success and 49 EntityAlreadyExists', async () => {
    const clients = servers.map((s) => s.iam());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        awsFailure(
          (clients[i % 2] as (typeof clients)[number]).send(new CreateUserCommand({ UserName: 'contested' })),
        ),
      ),
    );
    const failures = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(outcomes.length - failures.length).toBe(1);
    expect(failures.map((f) => `${f.code} ${f.status} ${f.message}`)).toEqual(
      Array(49).fill('EntityAlreadyExists 409 User with name contested already exists.'),
    );
    for (const s of servers) expect(s.stderr()).not.toContain('failed');
  });
});
