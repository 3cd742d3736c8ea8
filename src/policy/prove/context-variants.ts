import type { CompiledClause } from '../conditions/clause.js';
import { RequestContext, type ContextValue } from '../context.js';
import type { CompiledStatement } from '../statement.js';
import { instantiate } from './instantiate.js';

/**
 * The contexts to try for one action: the caller of a request chooses most of its context (where
 * they call from, when, which tags and parameters they send), so a condition on such a key is
 * satisfied or not at the caller's will. For every key the relevant conditions read, other than
 * the fixed ones, the proof tries the key left out and set to values on each side of every
 * condition value — so each Allow's conditions can be made to hold while each Deny's fail.
 */

/** The MFA keys: what the credential kind decides, never varied. */
const MFA_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];

/** A value a key never takes in a policy's own values: makes equality conditions fail. */
const OTHER = 'iamfa-other';

/** An address outside any private or loopback range (TEST-NET-1, RFC 5737). */
const OTHER_IP = '192.0.2.1';

/** Whether a lower-cased key is fixed: listed, or under a listed prefix ending in `/`. */
export function fixedKeyTest(fixedKeys: readonly string[]): (lowerKey: string) => boolean {
  const exact = new Set([...MFA_KEYS, ...fixedKeys.filter((k) => !k.endsWith('/'))]);
  const prefixes = fixedKeys.filter((k) => k.endsWith('/'));
  return (key) => exact.has(key) || prefixes.some((p) => key.startsWith(p));
}

function isoSecond(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Values on each side of one policy value, by the operator's family. */
function samplesOf(clause: CompiledClause, text: string, context: RequestContext): string[] {
  const base = clause.clause.base;
  if (base.startsWith('Numeric')) {
    const n = Number(text);
    return Number.isFinite(n) ? [String(n - 1), String(n), String(n + 1)] : [];
  }
  if (base.startsWith('Date')) {
    const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
    return Number.isFinite(ms) ? [isoSecond(ms - 1000), isoSecond(ms), isoSecond(ms + 1000)] : [];
  }
  if (base === 'Bool') return ['true', 'false'];
  if (base.endsWith('IpAddress')) return [text.split('/')[0] as string, OTHER_IP];
  if (base === 'BinaryEquals') return [text];
  // String and Arn operators: the value itself with its wildcards filled two ways.
  return ['', 'x']
    .map((star) => instantiate(text, context, star))
    .filter((v): v is string => v !== undefined);
}

/** Every value worth trying for each free key the statements' conditions read (undefined: absent). */
export function freeKeySamples(
  statements: readonly CompiledStatement[],
  base: RequestContext,
  isFixed: (lowerKey: string) => boolean,
): Map<string, (ContextValue | undefined)[]> {
  const samples = new Map<string, Set<ContextValue | undefined>>();
  for (const s of statements)
    for (const clause of s.clauses) {
      const key = clause.lowerKey;
      if (isFixed(key)) continue;
      let values = samples.get(key);
      if (!values) {
        values = new Set<ContextValue | undefined>([base.get(key), undefined, OTHER]);
        samples.set(key, values);
      }
      if (clause.clause.base === 'Null') continue;
      for (const { value } of clause.clause.values)
        for (const sample of samplesOf(clause, value, base)) values.add(sample);
    }
  return new Map([...samples].map(([key, values]) => [key, [...values]]));
}

/** The contexts to try, and whether they had to be limited to one free key at a time. */
export interface ContextVariants {
  readonly contexts: readonly Variant[];
  readonly limited: boolean;
}

/** A context to try, and the free keys it chose (relative to the base). */
export interface Variant {
  readonly context: RequestContext;
  readonly chosen: Readonly<Record<string, ContextValue | undefined>>;
}

function withChoices(
  base: RequestContext,
  chosen: Readonly<Record<string, ContextValue | undefined>>,
): Variant {
  // Built afresh rather than copied: a chosen key may have to be left out of the base's keys.
  const entries: Record<string, ContextValue | undefined> = {};
  for (const key of base.keys()) entries[key] = base.get(key);
  Object.assign(entries, chosen);
  // Only what differs from the base is the caller's choice worth reporting.
  const changed = Object.fromEntries(
    Object.entries(chosen).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(base.get(key))),
  );
  return { context: new RequestContext(entries), chosen: changed };
}

/**
 * The contexts to try: every combination of the free keys' samples while there are at most
 * `limit` of them; beyond that, each sample of each key alone on the base context (`limited`).
 */
export function contextVariants(
  base: RequestContext,
  samples: ReadonlyMap<string, readonly (ContextValue | undefined)[]>,
  limit: number,
): ContextVariants {
  const keys = [...samples.keys()];
  if (keys.length === 0) return { contexts: [{ context: base, chosen: {} }], limited: false };
  let product = 1;
  for (const values of samples.values()) product *= values.length;
  if (product <= limit) {
    let combos: Record<string, ContextValue | undefined>[] = [{}];
    for (const key of keys)
      combos = combos.flatMap((combo) =>
        (samples.get(key) ?? []).map((value) => ({ ...combo, [key]: value })),
      );
    return { contexts: combos.map((c) => withChoices(base, c)), limited: false };
  }
  const contexts = [{ context: base, chosen: {} }];
  for (const key of keys)
    for (const value of samples.get(key) ?? []) contexts.push(withChoices(base, { [key]: value }));
  return { contexts, limited: true };
}
