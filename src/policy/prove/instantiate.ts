import { splitPatternSource } from '../arn.js';
import type { RequestContext } from '../context.js';

/**
 * Concrete text that a policy pattern matches: how the proof turns the policies' own Resource and
 * condition values into requests to try.
 */

/** `${key}` or `${key, 'default'}`, as pattern.ts reads policy variables. */
const VARIABLE = /^\$\{\s*([^}',\s]+)\s*(?:,\s*'([^']*)'\s*)?\}/;

/** The variables that stand for a literal character. */
const LITERAL_VARIABLES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/**
 * A string `source` matches in `context`: each `*` becomes `star`, each `?` an `a`, each variable
 * its value (or default). Undefined when a variable has no single value: the pattern then matches
 * nothing. With `variables` false, `${…}` is literal text.
 * @example instantiate('user/${aws:username}*', context, '') // 'user/alice'
 */
export function instantiate(
  source: string,
  context: RequestContext,
  star: string,
  variables = true,
): string | undefined {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '*') out += star;
    else if (c === '?') out += 'a';
    else if (variables && c === '$' && source[i + 1] === '{') {
      const m = VARIABLE.exec(source.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      const key = m[1] as string;
      const literal = LITERAL_VARIABLES[key];
      const value = literal ?? context.get(key.toLowerCase()) ?? m[2];
      if (typeof value !== 'string') return undefined;
      out += value;
      i += m[0].length - 1;
    } else out += c;
  }
  return out;
}

/** What fills an ARN pattern's wildcard-only partition, region and account parts. */
export interface ArnDefaults {
  readonly partition: string;
  /** The service of the action tried: a wildcard-only service part becomes it. */
  readonly service: string;
  readonly region: string;
  readonly account: string;
}

/**
 * ARNs a Resource pattern matches: a wildcard-only partition, region or account part becomes the
 * principal's own, a wildcard-only service part the action's service (a resource of another account needs that account's resource policy, which a
 * proof over identity policies does not have), and each other wildcard becomes the empty string
 * in one ARN and `iamfa` in another, so that patterns around it match one and miss the other.
 * @example arnsMatching('arn:aws:s3:::logs/*', context, defaults) // ['arn:aws:s3:::logs/', 'arn:aws:s3:::logs/iamfa']
 */
export function arnsMatching(source: string, context: RequestContext, defaults: ArnDefaults): string[] {
  const parts = splitPatternSource(source);
  if (!parts) return [];
  const fixed: Readonly<Record<number, string>> = {
    1: defaults.partition,
    2: defaults.service,
    3: defaults.region,
    4: defaults.account,
  };
  const out = new Set<string>();
  for (const star of ['', 'iamfa']) {
    const filled = parts.map((part, i) => {
      const own = fixed[i];
      return own !== undefined && /^\*+$/.test(part) ? own : instantiate(part, context, star);
    });
    if (filled.every((p): p is string => p !== undefined)) out.add(filled.join(':'));
  }
  return [...out];
}
