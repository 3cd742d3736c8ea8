/**
 * Greedy minimisation of a failing policy/request pair, after fast-check's own shrinking: its
 * shrinker cannot cut through `chain`, so counterexamples keep statements and values that play no
 * part. Here every policy, statement, list value, condition and context entry is dropped in turn
 * while the pair still fails, until nothing more can go.
 */
import type { Pair } from './arbitraries.js';
import type { PolicyJson } from './engines.js';

type Json = string | readonly Json[] | { readonly [key: string]: Json };
type Candidate = (pair: Pair) => Pair[];

function withoutIndex<T>(list: readonly T[], i: number): T[] {
  return [...list.slice(0, i), ...list.slice(i + 1)];
}

function withoutKey<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function statementsOf(policy: PolicyJson): Record<string, Json>[] {
  const s = policy['Statement'];
  return (Array.isArray(s) ? s : [s]) as Record<string, Json>[];
}

function replaceStatement(pair: Pair, p: number, s: number, statement: Record<string, Json>): Pair {
  const policies = pair.policies.map((policy, i) =>
    i === p
      ? { ...policy, Statement: statementsOf(policy).map((st, j) => (j === s ? statement : st)) }
      : policy,
  );
  return { ...pair, policies };
}

/** Every (policy, statement) position. */
function positions(pair: Pair): [number, number, Record<string, Json>][] {
  return pair.policies.flatMap((policy, p) =>
    statementsOf(policy).map((st, s) => [p, s, st] as [number, number, Record<string, Json>]),
  );
}

const dropPolicy: Candidate = (pair) =>
  pair.policies.length < 2
    ? []
    : pair.policies.map((_, i) => ({ ...pair, policies: withoutIndex(pair.policies, i) }));

const dropStatement: Candidate = (pair) =>
  pair.policies.flatMap((policy, p) => {
    const statements = statementsOf(policy);
    if (statements.length < 2) return [];
    return statements.map((_, s) => ({
      ...pair,
      policies: pair.policies.map((pol, i) =>
        i === p ? { ...pol, Statement: withoutIndex(statements, s) } : pol,
      ),
    }));
  });

const LISTS = ['Action', 'NotAction', 'Resource', 'NotResource'];

const dropListValue: Candidate = (pair) =>
  positions(pair).flatMap(([p, s, st]) =>
    LISTS.flatMap((element) => {
      const list = st[element];
      if (!Array.isArray(list)) return [];
      if (list.length === 1) return [replaceStatement(pair, p, s, { ...st, [element]: list[0] as Json })];
      return list.map((_, i) => replaceStatement(pair, p, s, { ...st, [element]: withoutIndex(list, i) }));
    }),
  );

const dropCondition: Candidate = (pair) =>
  positions(pair).flatMap(([p, s, st]) => {
    const condition = st['Condition'] as Record<string, Record<string, Json>> | undefined;
    if (!condition) return [];
    const out: Pair[] = [];
    const bare = withoutKey(st, 'Condition');
    out.push(replaceStatement(pair, p, s, bare));
    for (const [op, keys] of Object.entries(condition)) {
      const withOp = (next: Record<string, Json> | undefined): Pair => {
        const c: Record<string, Json> =
          next === undefined || Object.keys(next).length === 0
            ? withoutKey(condition, op)
            : { ...condition, [op]: next };
        return replaceStatement(pair, p, s, Object.keys(c).length === 0 ? bare : { ...st, Condition: c });
      };
      out.push(withOp(undefined));
      for (const [key, values] of Object.entries(keys)) {
        out.push(withOp(withoutKey(keys, key)));
        if (Array.isArray(values)) {
          if (values.length === 1) out.push(withOp({ ...keys, [key]: values[0] as Json }));
          else values.forEach((_v, i) => out.push(withOp({ ...keys, [key]: withoutIndex(values, i) })));
        }
      }
    }
    return out;
  });

const dropContext: Candidate = (pair) => {
  const { context } = pair.request;
  return Object.entries(context).flatMap(([key, value]) => {
    const out: Pair[] = [{ ...pair, request: { ...pair.request, context: withoutKey(context, key) } }];
    if (typeof value !== 'string') {
      value.forEach((_v, i) =>
        out.push({
          ...pair,
          request: { ...pair.request, context: { ...context, [key]: withoutIndex(value, i) } },
        }),
      );
    }
    return out;
  });
};

const CANDIDATES: readonly Candidate[] = [
  dropPolicy,
  dropStatement,
  dropCondition,
  dropListValue,
  dropContext,
];

/** The smallest pair reachable by dropping parts one at a time while `fails` still holds. */
export async function minimize(pair: Pair, fails: (pair: Pair) => Promise<boolean>): Promise<Pair> {
  let current = pair;
  for (let progress = true; progress;) {
    progress = false;
    for (const candidates of CANDIDATES) {
      for (const next of candidates(current)) {
        if (await fails(next).catch(() => false)) {
          current = next;
          progress = true;
          break;
        }
      }
      if (progress) break;
    }
  }
  return current;
}
