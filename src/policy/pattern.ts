import type { RequestContext } from './context.js';

/**
 * A policy string compiled once: literal text, `*` and `?` wildcards, and policy variables
 * (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, `${*}`, `${?}`, `${$}`).
 * Matching walks the tokens with single-star backtracking: no regex, no allocation.
 */

const enum Kind {
  Literal,
  Star,
  Question,
  Variable,
}

type Token =
  | { readonly kind: Kind.Literal; readonly text: string }
  | { readonly kind: Kind.Star }
  | { readonly kind: Kind.Question }
  | { readonly kind: Kind.Variable; readonly key: string; readonly fallback: string | undefined };

const STAR: Token = { kind: Kind.Star };
const QUESTION: Token = { kind: Kind.Question };

/** The variables that stand for a literal character. */
const LITERAL_VARIABLES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/** `${key}` or `${key, 'default'}`; the key may not contain `}` or `,`. */
const VARIABLE = /^\$\{\s*([^}',\s]+)\s*(?:,\s*'([^']*)'\s*)?\}/;

export interface PatternOptions {
  /** Whether `*` and `?` are wildcards (StringLike, ArnLike, Action, Resource) or literal text. */
  readonly wildcards: boolean;
  /** Whether `${…}` is a policy variable: only under Version 2012-10-17 and where AWS allows them. */
  readonly variables: boolean;
  /** Compare ignoring case (actions, StringEqualsIgnoreCase). The subject must be lower-cased. */
  readonly ignoreCase: boolean;
}

/** A problem found while compiling a pattern, with the offset in the pattern text. */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export class Pattern {
  /** Lower-cased keys of variables without a default: without them this pattern matches nothing. */
  readonly requiredKeys: readonly string[];
  /** True when the pattern is the lone wildcard `*`. */
  readonly isMatchAll: boolean;
  /** The literal text when the pattern has no wildcards and no variables. */
  readonly literal: string | undefined;

  private constructor(
    readonly source: string,
    private readonly tokens: readonly Token[],
    private readonly ignoreCase: boolean,
  ) {
    this.requiredKeys = tokens.flatMap((t) =>
      t.kind === Kind.Variable && t.fallback === undefined ? [t.key] : [],
    );
    this.isMatchAll = tokens.length === 1 && tokens[0] === STAR;
    const only = tokens[0];
    this.literal =
      tokens.length === 0 ? '' : tokens.length === 1 && only?.kind === Kind.Literal ? only.text : undefined;
  }

  /**
   * Compiles a policy string; throws PatternError on a malformed variable.
   * @example Pattern.compile('arn:aws:iam::*:user/${aws:username}', { wildcards: true, variables: true, ignoreCase: false })
   */
  static compile(source: string, options: PatternOptions): Pattern {
    const tokens: Token[] = [];
    let text = '';
    const flush = (): void => {
      if (text) tokens.push({ kind: Kind.Literal, text: options.ignoreCase ? text.toLowerCase() : text });
      text = '';
    };
    for (let i = 0; i < source.length; i++) {
      const c = source[i] as string;
      if (options.wildcards && (c === '*' || c === '?')) {
        flush();
        // Consecutive stars mean the same as one.
        if (c === '?' || tokens[tokens.length - 1] !== STAR) tokens.push(c === '*' ? STAR : QUESTION);
      } else if (options.variables && c === '$' && source[i + 1] === '{') {
        const m = VARIABLE.exec(source.slice(i));
        if (!m) throw new PatternError(`Malformed policy variable in '${source}'.`, i);
        const name = m[1] as string;
        const literal = LITERAL_VARIABLES[name];
        if (literal !== undefined) text += literal;
        else {
          flush();
          tokens.push({ kind: Kind.Variable, key: name.toLowerCase(), fallback: m[2] });
        }
        i += m[0].length - 1;
      } else text += c;
    }
    flush();
    return new Pattern(source, tokens, options.ignoreCase);
  }

  /** The variable keys this pattern reads, lower-cased, with or without defaults. */
  variableKeys(): string[] {
    return this.tokens.flatMap((t) => (t.kind === Kind.Variable ? [t.key] : []));
  }

  /**
   * Whether `subject[start, end)` matches. A variable's value counts as literal text, never as
   * wildcards. A variable without a value (its key missing or multi-valued, and no default) is
   * null, and a null matches nothing (IAM User Guide, "Policy variables with no value").
   */
  matches(subject: string, context: RequestContext | undefined, start = 0, end = subject.length): boolean {
    const tokens = this.tokens;
    const n = tokens.length;
    let ti = 0;
    let si = start;
    let starTi = -1;
    let starSi = 0;
    for (;;) {
      if (ti < n) {
        const t = tokens[ti] as Token;
        if (t.kind === Kind.Star) {
          starTi = ti++;
          starSi = si;
          continue;
        }
        if (t.kind === Kind.Question) {
          if (si < end) {
            si++;
            ti++;
            continue;
          }
        } else {
          const text = t.kind === Kind.Literal ? t.text : this.valueOf(t, context);
          if (text === undefined) return false;
          if (si + text.length <= end && subject.startsWith(text, si)) {
            si += text.length;
            ti++;
            continue;
          }
        }
      } else if (si === end) return true;
      if (starTi < 0 || starSi >= end) return false;
      si = ++starSi;
      ti = starTi + 1;
    }
  }

  /**
   * The pattern's text with variables substituted (for patterns without wildcards), or undefined
   * when a variable has no value.
   */
  resolve(context: RequestContext | undefined): string | undefined {
    if (this.literal !== undefined) return this.literal;
    let out = '';
    for (const t of this.tokens) {
      if (t.kind === Kind.Variable) {
        const value = this.valueOf(t, context);
        if (value === undefined) return undefined;
        out += value;
      } else out += t.kind === Kind.Literal ? t.text : t.kind === Kind.Star ? '*' : '?';
    }
    return out;
  }

  /** A variable's value, its default, or undefined: AWS substitutes only a single value. */
  private valueOf(
    t: Token & { kind: Kind.Variable },
    context: RequestContext | undefined,
  ): string | undefined {
    const v = context?.get(t.key);
    const value = typeof v === 'string' ? v : t.fallback;
    return this.ignoreCase ? value?.toLowerCase() : value;
  }
}
