import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { reapServers, spawnServer, type ServerProcess } from '../support/process.js';
import { randomAdminKey } from '../support/server.js';
import {
  BURST_PATH,
  answered,
  describeWrite,
  isPresent,
  ledgerProblems,
  observeApi,
  observeSql,
  roundPath,
  seededRandom,
  sqlCounts,
  sqlProblems,
  startBurst,
  type Observed,
  writesOfRound,
  type Write,
  type WriteKind,
} from './workload.js';

const ROUNDS = 5;
/** When to kill, after the round's first acknowledged write. */
const KILL_AFTER_MS = { min: 50, max: 1200 };
/** How long a round waits for the acknowledgment to kill on. */
const ACK_WAIT_MS = 1_000;
const KINDS: readonly WriteKind[] = ['CreateUser', 'CreateGroup', 'AddUserToGroup', 'PutUserPolicy'];
const seed = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * Through the API, every acknowledged write (of one round, or of all) is there and whole, and the
 * listings agree with the file; in the file, the same for all rounds, and SQLite finds it sound.
 */
async function verify(server: ServerProcess, writes: readonly Write[], round?: number): Promise<Observed> {
  const file = join(server.dataDir, 'iamfa.db');
  const prefix = round === undefined ? BURST_PATH : roundPath(round);
  const observed = await observeApi(server.iam(), prefix);
  const checked = round === undefined ? writes : writesOfRound(writes, round);
  expect(ledgerProblems(checked, observed, { strict: false })).toEqual([]);
  expect(sqlCounts(file, prefix)).toEqual({
    users: observed.users.size,
    groups: observed.groups.size,
    memberships: [...observed.groups.values()].reduce((n, g) => n + g.members.length, 0),
  });
  expect(sqlProblems(file)).toEqual([]);
  expect(ledgerProblems(writes, observeSql(file), { strict: false })).toEqual([]);
  return observed;
}

describe('SIGKILL in the middle of a burst of writes', () => {
  const admin = randomAdminKey();
  const dirs: string[] = [];
  const writes: Write[] = [];
  let dataDir = '';
  afterAll(async () => {
    await reapServers();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it(`keeps every acknowledged write, and nothing half-written, across ${ROUNDS} kills (seed ${seed})`, async () => {
    const started = performance.now();
    const random = seededRandom(seed);
    dataDir = await mkdtemp(join(tmpdir(), 'iamfa-sigkill-'));
    dirs.push(dataDir);
    const file = join(dataDir, 'iamfa.db');
    const inFlightAtKill: number[] = [];
    const ackedPerRound: number[] = [];
    const modes: string[] = [];
    const ackOrder = [...KINDS].sort(() => random() - 0.5);

    for (let round = 1; round <= ROUNDS; round++) {
      const server = await spawnServer({ dataDir, admin });
      // The restart after each kill is the check of the round before it (and, in the file, of all).
      if (round > 1) await verify(server, writes, round - 1);
      const burst = startBurst(server.iam(), round);
      await Promise.race([burst.firstAck, burst.done]);
      // At a few hundred writes a second (each commit waits for its fsync), this kills after tens to
      // hundreds of acknowledged writes: before, among or after the first memberships and policies.
      await sleep(KILL_AFTER_MS.min + Math.floor(random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min)));
      // After the first round, not at just any moment but the instant an acknowledgment of one kind
      // arrives (each kind once): anything the server left for after its answer is caught undone.
      const onAck = round === 1 ? undefined : ackOrder[(round - 2) % ackOrder.length];
      let killedAt = 0;
      const kill = () => {
        if (killedAt) return;
        inFlightAtKill.push(burst.inFlight());
        killedAt = performance.now();
        server.kill('SIGKILL');
        burst.stop();
      };
      let mode = 'at random';
      if (onAck) {
        const killed = new Promise<void>((resolve) => burst.onNextAck(onAck, () => resolve(kill())));
        // A round's groups run out: if no acknowledgment of the kind comes soon, kill anyway.
        await Promise.race([killed, burst.done, sleep(ACK_WAIT_MS)]);
        mode = killedAt ? `after ${onAck}` : `at random (no ${onAck} within ${ACK_WAIT_MS} ms)`;
      }
      kill();
      modes.push(mode);
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await burst.done;

      // Before the kill every write succeeded; after it, none was answered with an error.
      const failures = burst.writes.filter((w) => w.status === 'failed');
      expect(failures.filter((w) => (w.settledAt ?? 0) < killedAt || answered(w))).toEqual([]);
      expect(burst.writes.filter((w) => w.status === 'pending')).toEqual([]);
      expect(server.stderr()).toBe('');
      writes.push(...burst.writes);
      ackedPerRound.push(burst.acked());

      // The file as the kill left it, before a server opens (and recovers) it.
      expect(sqlProblems(file)).toEqual([]);
      expect(ledgerProblems(writes, observeSql(file), { strict: false })).toEqual([]);
    }

    const server = await spawnServer({ dataDir, admin });
    const observed = await verify(server, writes);
    const stopped = await server.stop();
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });

    const acked = writes.filter((w) => w.status === 'acked');
    // Writes in flight at a kill that were committed, though never acknowledged: allowed.
    const unacknowledgedApplied = writes.filter(
      (w) => w.status === 'failed' && isPresent(w, observed),
    ).length;
    const inFlight = inFlightAtKill.reduce((a, b) => a + b, 0);
    console.log(
      `durability/sigkill: seed ${seed}; rounds ${ROUNDS}, kills ${ROUNDS}; ` +
        `kills ${modes.join(', ')}; ` +
        `acknowledged writes verified ${acked.length} (per round ${ackedPerRound.join('/')}); ` +
        `writes in flight at kill time ${inFlight} (per round ${inFlightAtKill.join('/')}), ` +
        `of which committed though unacknowledged ${unacknowledgedApplied}; ` +
        `${observed.users.size} users, ${observed.groups.size} groups; ` +
        `${Math.round(performance.now() - started)} ms`,
    );
    expect(acked.length).toBeGreaterThan(0);
    expect(inFlight).toBeGreaterThan(0);
  }, 120_000);

  it('its checks catch a lost write, a half-written user and a dangling membership', async () => {
    expect(dataDir).not.toBe('');
    const ackedWrites = writes.filter((w) => w.status === 'acked');
    // The user with the most acknowledged writes (its creation, memberships, inline policy) is lost,
    // and another acknowledged user loses one tag.
    const byUser = new Map<string, Write[]>();
    for (const w of ackedWrites)
      if (w.user !== undefined) byUser.set(w.user, [...(byUser.get(w.user) ?? []), w]);
    const [lost = ''] = [...byUser.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    const halved = ackedWrites.find((w) => w.kind === 'CreateUser' && w.user !== lost)?.user ?? '';
    expect(lost).not.toBe('');
    expect(halved).not.toBe('');
    const expected = [
      ...(byUser.get(lost) ?? []).map((w) => `acknowledged ${describeWrite(w)} is missing`),
      `user ${halved} is half-written: 9 of its 10 tags, or not as written`,
    ].sort();

    // Copy 1: the lost user deleted cleanly (the file stays consistent), one tag of another gone.
    const scratch = await mkdtemp(join(tmpdir(), 'iamfa-scratch-'));
    dirs.push(scratch);
    await cp(dataDir, scratch, { recursive: true });
    const file = join(scratch, 'iamfa.db');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    const id = (name: string) =>
      db.prepare('select id from users where name = ?').pluck().get(name) as string;
    const lostId = id(lost);
    db.prepare('delete from tags where resource_id = ?').run(lostId);
    db.prepare("delete from inline_policies where principal_kind = 'user' and principal_id = ?").run(lostId);
    db.prepare('delete from users where id = ?').run(lostId);
    db.prepare('delete from tags where seq = (select max(seq) from tags where resource_id = ?)').run(
      id(halved),
    );
    db.close();

    expect(sqlProblems(file)).toEqual([]);
    expect(ledgerProblems(writes, observeSql(file), { strict: false }).sort()).toEqual(expected);
    const server = await spawnServer({ dataDir: scratch, admin });
    expect(ledgerProblems(writes, await observeApi(server.iam()), { strict: false }).sort()).toEqual(
      expected,
    );
    expect((await server.stop()).code).toBe(0);

    // Copy 2: a user row removed behind SQLite's back, leaving its memberships and tags dangling.
    const raw = await mkdtemp(join(tmpdir(), 'iamfa-scratch-'));
    dirs.push(raw);
    await cp(dataDir, raw, { recursive: true });
    const rawFile = join(raw, 'iamfa.db');
    const rawDb = new Database(rawFile);
    rawDb.pragma('foreign_keys = OFF');
    rawDb.prepare('delete from users where name = ?').run(lost);
    rawDb.close();
    const kinds = new Set((byUser.get(lost) ?? []).map((w) => w.kind));
    const member = kinds.has('AddUserToGroup');
    expect(sqlProblems(rawFile)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d+ tags of nothing$/),
        ...(member
          ? [expect.stringMatching(/^foreign_key_check: group_members row \d+ refers to a missing users$/)]
          : []),
        ...(kinds.has('PutUserPolicy') ? ['1 inline policies of a missing user'] : []),
      ]),
    );
    expect(ledgerProblems(writes, observeSql(rawFile), { strict: false })).toEqual(
      expect.arrayContaining([
        `acknowledged CreateUser ${lost} is missing`,
        ...(member ? [expect.stringMatching(/ has a member \?AIDA\w+ that does not exist$/)] : []),
      ]),
    );
  });
});
