import type { RequestContext } from './context.js';
import { Pattern } from './pattern.js';

/**
 * ARNs: `arn:partition:service:region:account:resource`. In a pattern, a wildcard never crosses
 * one of the first five colons, but spans everything (`/` and `:` too) within the resource part.
 */

/**
 * Splits an ARN pattern at its first five colons outside `${…}`, keeping the resource part whole;
 * undefined if it has fewer than six parts.
 */
export function splitPatternSource(source: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length && parts.length < 5; i++) {
    if (source[i] === '$' && source[i + 1] === '{') depth++;
    else if (source[i] === '}' && depth > 0) depth--;
    else if (source[i] === ':' && depth === 0) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push(source.slice(from));
  return parts;
}

/** An ARN pattern compiled into one Pattern per part. */
export class ArnPattern {
  readonly requiredKeys: readonly string[];

  private constructor(
    readonly source: string,
    private readonly parts: readonly Pattern[],
  ) {
    this.requiredKeys = parts.flatMap((p) => p.requiredKeys);
  }

  /**
   * Compiles an ARN pattern; returns undefined when the text has fewer than six parts or does not
   * start with `arn`. Throws PatternError on a malformed variable.
   * @example ArnPattern.compile('arn:aws:iam::*:user/${aws:username}', true)
   */
  static compile(source: string, variables: boolean): ArnPattern | undefined {
    const parts = splitPatternSource(source);
    if (!parts || !/^arn$/i.test(parts[0] as string)) return undefined;
    return new ArnPattern(
      source,
      parts.map((p) => Pattern.compile(p, { wildcards: true, variables, ignoreCase: false })),
    );
  }

  variableKeys(): string[] {
    return this.parts.flatMap((p) => p.variableKeys());
  }

  /** Whether an ARN matches, part by part (walking the colons in place: no allocation). */
  matches(arn: string, context: RequestContext | undefined): boolean {
    const parts = this.parts;
    let from = 0;
    for (let i = 0; i < 5; i++) {
      const to = arn.indexOf(':', from);
      if (to < 0 || !(parts[i] as Pattern).matches(arn, context, from, to)) return false;
      from = to + 1;
    }
    return (parts[5] as Pattern).matches(arn, context, from, arn.length);
  }
}
