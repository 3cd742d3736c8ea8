import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AddUserToGroupCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  PutGroupPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { reapServers, spawnServer, type ServerProcess } from '../support/process.js';
import { randomAdminKey, type Credentials } from '../support/server.js';
import {
  answered,
  isPresent,
  ledgerProblems,
  observeApi,
  seededRandom,
  sqlCounts,
  sqlProblems,
  startBurst,
  type Observed,
  type Write,
} from './workload.js';

const ROUNDS = 2;
/** When to send SIGTERM, after the round's first acknowledged write. */
const TERM_AFTER_MS = { min: 50, max: 1200 };
/** Users changing their passwords at once when SIGTERM comes, this long after they started. */
const SLOW_NAMES = Array.from({ length: 12 }, (_, i) => `slow-${i}`);
const TERM_AFTER_SLOW_MS = 100;
/** How soon a SIGTERM'd server must have exited. */
const PROMPT_EXIT_MS = 5_000;
const seed = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * A request in flight at SIGTERM fails cleanly when it was refused before it did anything: the
 * connection was refused or closed by the server, or the server answered 503 while closing.
 */
const CLEAN_FAILURE = /^(http 503 |ECONNREFUSED|ECONNRESET|EPIPE|socket hang up)/;

/**
 * After a graceful shutdown the data is exactly what was acknowledged: every acknowledged write is
 * there, whole, and no write that failed had any effect.
 */
async function verifyStrict(server: ServerProcess, writes: readonly Write[]): Promise<Observed> {
  const file = join(server.dataDir, 'iamfa.db');
  const observed = await observeApi(server.iam());
  expect(ledgerProblems(writes, observed, { strict: true })).toEqual([]);
  expect(sqlProblems(file)).toEqual([]);
  expect(sqlCounts(file)).toEqual({
    users: observed.users.size,
    groups: observed.groups.size,
    memberships: [...observed.groups.values()].reduce((n, g) => n + g.members.length, 0),
  });
  return observed;
}

describe('SIGTERM in the middle of a burst of writes', () => {
  const admin = randomAdminKey();
  let dataDir = '';
  const dirs: string[] = [];
  const writes: Write[] = [];
  let observed: Observed = { users: new Map(), groups: new Map() };
  afterAll(async () => {
    await reapServers();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it(`answers or cleanly refuses every request in flight, exits 0, and keeps the data consistent (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-sigterm-'));
    dirs.push(dataDir);
    const figures: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const server = await spawnServer({ dataDir, admin });
      if (round > 1) await verifyStrict(server, writes);
      const burst = startBurst(server.iam(), round);
      await Promise.race([burst.firstAck, burst.done]);
      await sleep(TERM_AFTER_MS.min + Math.floor(random() * (TERM_AFTER_MS.max - TERM_AFTER_MS.min)));
      const inFlight = burst.inFlight();
      const termAt = performance.now();
      // The workers go on sending until their first failure: new requests meet a closing server.
      const stopped = await server.stop();
      await burst.done;

      expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(PROMPT_EXIT_MS);
      expect(server.stderr()).toBe('');
      expect(burst.writes.filter((w) => w.status === 'pending')).toEqual([]);
      const failures = burst.writes.filter((w) => w.status === 'failed');
      expect(failures.filter((w) => (w.settledAt ?? 0) < termAt)).toEqual([]);
      expect(failures.filter((w) => !CLEAN_FAILURE.test(w.failure ?? ''))).toEqual([]);
      writes.push(...burst.writes);

      const completed = burst.writes.filter(
        (w) => w.status === 'acked' && (w.settledAt ?? 0) >= termAt,
      ).length;
      const kinds = new Map<string, number>();
      for (const w of failures) {
        const kind = answered(w) ? (w.failure ?? '').slice(0, 8) : ((w.failure ?? '').split(':')[0] ?? '');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      figures.push(
        `round ${round}: ${burst.acked()} acknowledged, ${inFlight} in flight at SIGTERM, ` +
          `${completed} completed after it, ${failures.length} refused (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
          `exit 0 in ${Math.round(stopped.ms)} ms`,
      );
    }

    const server = await spawnServer({ dataDir, admin });
    observed = await verifyStrict(server, writes);
    const stopped = await server.stop();
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
    console.log(
      `durability/sigterm: seed ${seed}; ${writes.filter((w) => w.status === 'acked').length} acknowledged writes verified; ${figures.join('; ')}`,
    );
  }, 120_000);

  it('its strict check catches a write that failed but had an effect', () => {
    const present = writes.filter((w) => w.status === 'acked' && isPresent(w, observed));
    expect(present.length).toBeGreaterThan(0);
    for (const w of [present[0], present[present.length - 1]]) {
      const altered = writes.map((x) =>
        x === w ? { ...x, status: 'failed' as const, failure: 'ECONNRESET' } : x,
      );
      expect(ledgerProblems(altered, observed, { strict: false })).toEqual([]);
      expect(ledgerProblems(altered, observed, { strict: true })).toHaveLength(1);
    }
  });

  /**
   * A server on a fresh data directory with SLOW_USERS users who may change their own password,
   * and one client per user, each with a password change sent: each change verifies the old
   * password and hashes the new one (argon2id, off the event loop) inside its transaction, and the
   * transactions take turns, so the server is busy with them for several times `TERM_AFTER_SLOW_MS`.
   */
  async function passwordChangesUnderWay(): Promise<{
    server: ServerProcess;
    clients: IAMClient[];
    calls: Promise<number>[];
  }> {
    const dir = await mkdtemp(join(tmpdir(), 'iamfa-sigterm-'));
    dirs.push(dir);
    const server = await spawnServer({ dataDir: dir, admin });
    const iam = server.iam();
    await iam.send(new CreateGroupCommand({ GroupName: 'slow' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'slow',
        PolicyName: 'own-password',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ChangePassword',
              Resource: 'arn:aws:iam::*:user/${aws:username}',
            },
          ],
        }),
      }),
    );
    const keys = await Promise.all(
      SLOW_NAMES.map(async (UserName): Promise<Credentials> => {
        await iam.send(new CreateUserCommand({ UserName }));
        await iam.send(new AddUserToGroupCommand({ GroupName: 'slow', UserName }));
        await iam.send(
          new CreateLoginProfileCommand({
            UserName,
            Password: 'First-Passw0rd',
            PasswordResetRequired: true,
          }),
        );
        const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
        return {
          accessKeyId: AccessKey?.AccessKeyId ?? '',
          secretAccessKey: AccessKey?.SecretAccessKey ?? '',
        };
      }),
    );
    const clients = keys.map((credentials) => server.iam(credentials));
    const calls = clients.map((client) =>
      client
        .send(new ChangePasswordCommand({ OldPassword: 'First-Passw0rd', NewPassword: 'Second-Passw0rd' }))
        .then(() => performance.now()),
    );
    return { server, clients, calls };
  }

  it('finishes the requests it was working on when SIGTERM came', async () => {
    const { server, clients, calls } = await passwordChangesUnderWay();
    await sleep(TERM_AFTER_SLOW_MS);
    const termAt = performance.now();
    server.kill('SIGTERM');
    const settled = await Promise.allSettled(calls);
    // The clients go away once answered (see the next test for those that stay connected).
    clients.forEach((c) => c.destroy());
    const stopped = await Promise.race([server.exited, sleep(10_000).then(() => undefined)]);
    const exitMs = performance.now() - termAt;

    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const finishedAfter = settled.filter((s) => s.status === 'fulfilled' && s.value > termAt).length;
    expect(finishedAfter).toBeGreaterThan(0);
    expect(stopped).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toBe('');

    const again = await spawnServer({ dataDir: server.dataDir, admin });
    for (const UserName of SLOW_NAMES)
      expect((await again.iam().send(new GetLoginProfileCommand({ UserName }))).LoginProfile).toMatchObject({
        PasswordResetRequired: false,
      });
    expect(sqlProblems(join(server.dataDir, 'iamfa.db'))).toEqual([]);
    expect((await again.stop()).code).toBe(0);
    console.log(
      `durability/sigterm: ${SLOW_NAMES.length} password changes under way, SIGTERM; ` +
        `${finishedAfter} finished after it, all succeeded and were kept; exit 0 ${Math.round(exitMs)} ms after SIGTERM`,
    );
  });

  // A connection busy when SIGTERM comes must not keep the server up after its answer: Node closes
  // only the connections idle at that moment (fastify/fastify#7044), so answers sent while closing
  // close their connections.
  it('exits promptly though clients it answered after SIGTERM keep their connections open', async () => {
    const { server, clients, calls } = await passwordChangesUnderWay();
    await sleep(TERM_AFTER_SLOW_MS);
    server.kill('SIGTERM');
    const termAt = performance.now();
    expect((await Promise.allSettled(calls)).filter((s) => s.status === 'rejected')).toEqual([]);
    const prompt = await Promise.race([server.exited, sleep(PROMPT_EXIT_MS).then(() => undefined)]);
    const waited = performance.now() - termAt;
    // What it waits for: once the clients hang up, it exits at once, and cleanly.
    clients.forEach((c) => c.destroy());
    expect(await server.exited).toEqual({ code: 0, signal: null });
    console.log(
      `durability/sigterm: with the answered clients still connected, ${prompt ? 'exited' : 'still running'} ` +
        `${Math.round(waited)} ms after SIGTERM; exited ${Math.round(performance.now() - termAt - waited)} ms after they hung up`,
    );
    expect(prompt).toEqual({ code: 0, signal: null });
  });
});
