import Database from 'better-sqlite3';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListGroupsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';

/**
 * The write burst the durability tests interrupt, the ledger of what the server acknowledged, and
 * the checks of what a restarted server (or the bare database file) holds against that ledger.
 *
 * Every name a round writes is derived from the round and a counter, and every value from the
 * name, so the expected state of any entity is known from its name alone: a user found with fewer
 * tags than its name implies was half-written.
 */

/** Everything the bursts create lives under this path, apart from the bootstrap administrator. */
export const BURST_PATH = '/durability/';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** The path of a round's users and groups. */
export const roundPath = (round: number): string => `${BURST_PATH}r${round}/`;
/** A user's path: its round's (names are `r<round>-…`). */
export const userPath = (user: string): string => `${BURST_PATH}${user.split('-')[0] ?? 'x'}/`;
export const groupPath = userPath;
export const POLICY_NAME = 'burst';

/** A user's tags, written in the same transaction as the user: ten, 200 characters each. */
export function tagsFor(user: string): Tag[] {
  return Array.from({ length: 10 }, (_, i) => ({
    Key: `k${i}`,
    Value: `${user}:${i}:`.padEnd(200, String.fromCharCode(97 + i)),
  }));
}

/** A user's inline policy: about 1,000 characters (a user's may total 2,048), eight statements. */
export function documentFor(user: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 8 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: i % 2 === 0 ? 'Allow' : 'Deny',
      Action: [`s3:GetObject`, `s3:PutObject`],
      Resource: `arn:aws:s3:::bucket-${user}/prefix-${i}/*`,
    })),
  });
}

/** The writes of one round (their names start `r<round>-`). */
export function writesOfRound(writes: readonly Write[], round: number): Write[] {
  const prefix = `r${round}-`;
  return writes.filter((w) => (w.user ?? w.group ?? '').startsWith(prefix));
}

export type WriteKind = 'CreateUser' | 'CreateGroup' | 'AddUserToGroup' | 'PutUserPolicy';

/** One write the burst sent, and what became of it. */
export interface Write {
  readonly kind: WriteKind;
  readonly user?: string;
  readonly group?: string;
  status: 'pending' | 'acked' | 'failed';
  /** For a failure: the HTTP status and error code if the server answered, else the socket error. */
  failure?: string;
  /** When it settled, from performance.now(). */
  settledAt?: number;
}

/** Whether a failure came with a response from the server (rather than a dropped connection). */
export const answered = (w: Write): boolean => w.failure?.startsWith('http ') ?? false;

function describeFailure(error: unknown): string {
  const e = error as {
    $metadata?: { httpStatusCode?: number };
    Error?: { Code?: string };
    name?: string;
    code?: string;
    message?: string;
  };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return `http ${status} ${e.Error?.Code ?? e.name ?? ''}: ${e.message ?? ''}`;
  return `${e.code ?? e.name ?? 'Error'}: ${e.message ?? String(error)}`;
}

/** A small seeded generator (mulberry32), so that a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Burst {
  readonly writes: readonly Write[];
  /** Writes sent and not yet answered. */
  inFlight(): number;
  acked(): number;
  /** Resolves at the first acknowledged write. */
  readonly firstAck: Promise<void>;
  /**
   * Calls `f` once, synchronously, when the next write of this kind is acknowledged: the moment
   * when anything the server still had to do for it after answering would be lost.
   */
  onNextAck(kind: WriteKind, f: (write: Write) => void): void;
  /** Stops starting new writes. */
  stop(): void;
  /** Resolves when every worker has finished (each stops at its first failed write). */
  readonly done: Promise<void>;
}

/**
 * A round's bounds. An account holds at most 300 groups and 5,000 users, and a data directory
 * goes through several rounds; at a few hundred writes a second, a round is killed long before
 * it reaches `users`.
 */
export const BURST_LIMITS = { workers: 40, groups: 50, groupEvery: 4, users: 800 };

/**
 * Starts `limits.workers` concurrent clients, each creating, in a loop until stopped, until a
 * write fails or until the round has its users: a user with its tags; for every fourth of the
 * round's first users, a group; the user's memberships; the user's inline policy. Names are
 * `r<round>-u<n>` and `r<round>-g<n>`.
 */
export function startBurst(iam: IAMClient, round: number, limits = BURST_LIMITS): Burst {
  const writes: Write[] = [];
  /** Groups acknowledged, in order. */
  const groupsAcked: string[] = [];
  let groupsStarted = 0;
  let next = 0;
  let stopped = false;
  let pending = 0;
  let acks = 0;
  let signalFirstAck = () => {};
  const firstAck = new Promise<void>((resolve) => (signalFirstAck = resolve));
  const ackListeners: { kind: WriteKind; f: (write: Write) => void }[] = [];

  const send = async (write: Write, call: () => Promise<unknown>): Promise<boolean> => {
    writes.push(write);
    pending++;
    try {
      await call();
      write.status = 'acked';
      acks++;
      signalFirstAck();
      const listener = ackListeners.findIndex((l) => l.kind === write.kind);
      if (listener >= 0) ackListeners.splice(listener, 1)[0]?.f(write);
      return true;
    } catch (error) {
      write.status = 'failed';
      write.failure = describeFailure(error);
      return false;
    } finally {
      write.settledAt = performance.now();
      pending--;
    }
  };

  const worker = async () => {
    const step = async (write: Write, call: () => Promise<unknown>) => !stopped && (await send(write, call));
    while (!stopped && next < limits.users) {
      const n = next++;
      const user = `r${round}-u${n}`;
      const own =
        n % limits.groupEvery === 0 && groupsStarted < limits.groups
          ? `r${round}-g${groupsStarted++}`
          : undefined;
      if (
        !(await step({ kind: 'CreateUser', user, status: 'pending' }, () =>
          iam.send(new CreateUserCommand({ UserName: user, Path: userPath(user), Tags: tagsFor(user) })),
        ))
      )
        return;
      if (
        own !== undefined &&
        !(await step({ kind: 'CreateGroup', group: own, status: 'pending' }, async () => {
          await iam.send(new CreateGroupCommand({ GroupName: own, Path: groupPath(own) }));
          groupsAcked.push(own);
        }))
      )
        return;
      // Its own group (or one another worker created), and the latest group acknowledged to any.
      const into = new Set([own ?? groupsAcked[n % groupsAcked.length], groupsAcked[groupsAcked.length - 1]]);
      for (const group of into) {
        if (group === undefined) continue;
        if (
          !(await step({ kind: 'AddUserToGroup', user, group, status: 'pending' }, () =>
            iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user })),
          ))
        )
          return;
      }
      if (
        !(await step({ kind: 'PutUserPolicy', user, status: 'pending' }, () =>
          iam.send(
            new PutUserPolicyCommand({
              UserName: user,
              PolicyName: POLICY_NAME,
              PolicyDocument: documentFor(user),
            }),
          ),
        ))
      )
        return;
    }
  };

  const done = Promise.all(Array.from({ length: limits.workers }, worker)).then(() => undefined);
  return {
    writes,
    inFlight: () => pending,
    acked: () => acks,
    firstAck,
    onNextAck: (kind, f) => {
      ackListeners.push({ kind, f });
    },
    stop: () => {
      stopped = true;
    },
    done,
  };
}

/** What a server or a database file holds under BURST_PATH. */
export interface Observed {
  readonly users: Map<string, { path: string; tags: Tag[]; policies: Map<string, string> }>;
  /** Each group's members by name; a membership of a user that does not exist shows as `?<id>`. */
  readonly groups: Map<string, { path: string; members: string[] }>;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let i = 0;
  const run = async () => {
    while (i < items.length) {
      const at = i++;
      results[at] = await f(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}

/** Reads everything under `prefix` (a round's path, or all of them) back through the API, following every page. */
export async function observeApi(iam: IAMClient, prefix = BURST_PATH): Promise<Observed> {
  const userNames: string[] = [];
  for (let marker: string | undefined, more = true; more;) {
    const page = await iam.send(new ListUsersCommand({ PathPrefix: prefix, MaxItems: 1000, Marker: marker }));
    userNames.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    more = page.IsTruncated === true;
    marker = page.Marker;
  }
  const groupNames: string[] = [];
  for (let marker: string | undefined, more = true; more;) {
    const page = await iam.send(
      new ListGroupsCommand({ PathPrefix: prefix, MaxItems: 1000, Marker: marker }),
    );
    groupNames.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
    more = page.IsTruncated === true;
    marker = page.Marker;
  }
  const users: Observed['users'] = new Map();
  await mapLimit(userNames, 16, async (name) => {
    const { User } = await iam.send(new GetUserCommand({ UserName: name }));
    const policies = new Map<string, string>();
    const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: name, MaxItems: 1000 }));
    for (const policyName of PolicyNames ?? []) {
      const got = await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName }));
      policies.set(policyName, decodeURIComponent(got.PolicyDocument ?? ''));
    }
    users.set(name, {
      path: User?.Path ?? '',
      tags: (User?.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
      policies,
    });
  });
  const groups: Observed['groups'] = new Map();
  await mapLimit(groupNames, 16, async (name) => {
    const members: string[] = [];
    let path = '';
    for (let marker: string | undefined, more = true; more;) {
      const page = await iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1000, Marker: marker }));
      path = page.Group?.Path ?? '';
      members.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
      more = page.IsTruncated === true;
      marker = page.Marker;
    }
    groups.set(name, { path, members });
  });
  return { users, groups };
}

/** Opens the database file read-only, as another process would, without going through the server. */
export function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Reads everything under BURST_PATH straight from the database file. */
export function observeSql(file: string): Observed {
  const db = openReadOnly(file);
  try {
    const like = `${BURST_PATH}%`;
    const userRows = db.prepare('select id, name, path from users where path like ?').all(like) as {
      id: string;
      name: string;
      path: string;
    }[];
    const tags = db.prepare('select key, value from tags where resource_id = ? order by seq');
    const policies = db.prepare(
      "select name, document from inline_policies where principal_kind = 'user' and principal_id = ?",
    );
    const users: Observed['users'] = new Map();
    for (const row of userRows) {
      users.set(row.name, {
        path: row.path,
        tags: (tags.all(row.id) as { key: string; value: string }[]).map((t) => ({
          Key: t.key,
          Value: t.value,
        })),
        policies: new Map(
          (policies.all(row.id) as { name: string; document: string }[]).map((p) => [p.name, p.document]),
        ),
      });
    }
    const groupRows = db.prepare('select id, name, path from groups where path like ?').all(like) as {
      id: string;
      name: string;
      path: string;
    }[];
    const members = db.prepare(
      'select m.user_id, u.name from group_members m left join users u on u.id = m.user_id where m.group_id = ? order by m.seq',
    );
    const groups: Observed['groups'] = new Map();
    for (const row of groupRows) {
      const names = (members.all(row.id) as { user_id: string; name: string | null }[]).map(
        (m) => m.name ?? `?${m.user_id}`,
      );
      groups.set(row.name, { path: row.path, members: names });
    }
    return { users, groups };
  } finally {
    db.close();
  }
}

/**
 * What is wrong with the database file as a whole: SQLite's own integrity and foreign key checks,
 * and rows that point at nothing where the schema has no foreign key to say so (tags, inline
 * policies, attachments are keyed by a bare principal id).
 */
export function sqlProblems(file: string): string[] {
  const db = openReadOnly(file);
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok')
      problems.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
    const fk = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const r of fk)
      problems.push(`foreign_key_check: ${r.table} row ${r.rowid} refers to a missing ${r.parent}`);
    const orphans: [string, string][] = [
      [
        'tags of nothing',
        'select count(*) from tags where resource_id not in (select id from users union all select id from groups union all select id from policies)',
      ],
      [
        'inline policies of a missing user',
        "select count(*) from inline_policies where principal_kind = 'user' and principal_id not in (select id from users)",
      ],
      [
        'inline policies of a missing group',
        "select count(*) from inline_policies where principal_kind = 'group' and principal_id not in (select id from groups)",
      ],
      [
        'attachments to a missing user',
        "select count(*) from attachments where principal_kind = 'user' and principal_id not in (select id from users)",
      ],
      [
        'attachments to a missing group',
        "select count(*) from attachments where principal_kind = 'group' and principal_id not in (select id from groups)",
      ],
    ];
    for (const [what, query] of orphans) {
      const n = db.prepare(query).pluck().get() as number;
      if (n > 0) problems.push(`${n} ${what}`);
    }
    return problems;
  } finally {
    db.close();
  }
}

/** Counts of what the file holds under `prefix`, to compare with the API's listings. */
export function sqlCounts(
  file: string,
  prefix = BURST_PATH,
): { users: number; groups: number; memberships: number } {
  const db = openReadOnly(file);
  try {
    const like = `${prefix}%`;
    const count = (query: string) => db.prepare(query).pluck().get(like) as number;
    return {
      users: count('select count(*) from users where path like ?'),
      groups: count('select count(*) from groups where path like ?'),
      memberships: count(
        'select count(*) from group_members where group_id in (select id from groups where path like ?)',
      ),
    };
  } finally {
    db.close();
  }
}

/** `CreateUser r1-u3`, `AddUserToGroup r1-u3 → r1-g2`… */
export function describeWrite(w: Write): string {
  return [w.kind, w.user, w.user !== undefined && w.group !== undefined ? '→' : undefined, w.group]
    .filter((part) => part !== undefined)
    .join(' ');
}

/** Whether the effect of a write is there (whether or not it was acknowledged). */
export function isPresent(w: Write, observed: Observed): boolean {
  switch (w.kind) {
    case 'CreateUser':
      return observed.users.has(w.user ?? '');
    case 'CreateGroup':
      return observed.groups.has(w.group ?? '');
    case 'AddUserToGroup':
      return observed.groups.get(w.group ?? '')?.members.includes(w.user ?? '') ?? false;
    case 'PutUserPolicy':
      return observed.users.get(w.user ?? '')?.policies.has(POLICY_NAME) ?? false;
  }
}

const same = (a: readonly Tag[], b: readonly Tag[]) =>
  a.length === b.length && a.every((t, i) => t.Key === b[i]?.Key && t.Value === b[i]?.Value);

/**
 * Checks what was observed against the writes sent. Every acknowledged write must be there; every
 * entity there must have been sent, and be whole (a user with all of its tags, a policy with all of
 * its document, a membership of an existing user). With `strict`, everything there must also have
 * been acknowledged: a write that failed must have had no effect.
 */
export function ledgerProblems(
  writes: readonly Write[],
  observed: Observed,
  options: { strict: boolean },
): string[] {
  const problems: string[] = [];
  const key = (w: { kind: WriteKind; user?: string | undefined; group?: string | undefined }) =>
    `${w.kind} ${w.user ?? ''} ${w.group ?? ''}`;
  const sent = new Map<string, Write>();
  for (const w of writes) sent.set(key(w), w);
  const accept = (w: { kind: WriteKind; user?: string; group?: string }, what: string) => {
    const write = sent.get(key(w));
    if (!write) problems.push(`${what}: never sent`);
    else if (options.strict && write.status !== 'acked')
      problems.push(
        `${what}: its write ${write.status === 'failed' ? `failed (${write.failure})` : 'is pending'}`,
      );
  };

  for (const w of writes)
    if (w.status === 'acked' && !isPresent(w, observed))
      problems.push(`acknowledged ${describeWrite(w)} is missing`);

  for (const [name, user] of observed.users) {
    accept({ kind: 'CreateUser', user: name }, `user ${name}`);
    if (user.path !== userPath(name)) problems.push(`user ${name} has path ${user.path}`);
    if (!same(user.tags, tagsFor(name)))
      problems.push(`user ${name} is half-written: ${user.tags.length} of its 10 tags, or not as written`);
    for (const [policyName, document] of user.policies) {
      accept({ kind: 'PutUserPolicy', user: name }, `policy ${policyName} of ${name}`);
      if (policyName !== POLICY_NAME || document !== documentFor(name))
        problems.push(`policy ${policyName} of ${name} is not as written (${document.length} characters)`);
    }
  }
  for (const [name, group] of observed.groups) {
    accept({ kind: 'CreateGroup', group: name }, `group ${name}`);
    if (group.path !== groupPath(name)) problems.push(`group ${name} has path ${group.path}`);
    for (const member of group.members) {
      if (!observed.users.has(member))
        problems.push(`group ${name} has a member ${member} that does not exist`);
      accept({ kind: 'AddUserToGroup', user: member, group: name }, `membership ${member} → ${name}`);
    }
  }
  return problems;
}
