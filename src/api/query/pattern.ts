/**
 * AWS models write their `pattern` constraints in Java's regular-expression syntax, and AWS checks
 * them with Java's `Matcher.matches()`: the whole value must match. These are the same patterns as
 * JavaScript `u`-mode expressions (`\w`, `\p{L}`, `\u0021`, look-arounds, code-point matching) except
 * that Java lets any punctuation be escaped (`\:`) where `u` mode refuses escapes that mean nothing.
 */

/** Characters a `u`-mode expression accepts escaped anywhere. */
const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/');

const compiled = new Map<string, RegExp>();

/**
 * A RegExp that tests whether a whole value matches the Java pattern, as AWS does.
 * @example javaPattern('[\\w+=,.@-]+').test('bad name!'); // false
 */
export function javaPattern(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (!regexp) {
    regexp = new RegExp(`^(?:${toJavaScript(pattern)})$`, 'u');
    compiled.set(pattern, regexp);
  }
  return regexp;
}

function toJavaScript(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new SyntaxError(`Pattern ends with a lone backslash: ${pattern}`);
      i++;
      if (/[0-9A-Za-z]/.test(next)) {
        if (next === 'Q' || next === 'E' || next === 'G' || next === 'Z' || next === 'R' || next === 'X')
          throw new SyntaxError(`Unsupported Java escape \\${next} in ${pattern}`);
        // \A and \z are Java's unconditional start and end; everything else (\w, \d, \p{L},
        // \u0021, \t…) reads the same in JavaScript.
        out += next === 'A' ? '^' : next === 'z' ? '$' : `\\${next}`;
      } else if (SYNTAX_CHARACTERS.has(next) || (next === '-' && inClass)) {
        out += `\\${next}`;
      } else {
        // A Java escape of a character that needs none, such as \: or \- outside a class.
        out += next;
      }
      continue;
    }
    if (c === '[') {
      if (inClass) throw new SyntaxError(`Unsupported Java nested character class in ${pattern}`);
      inClass = true;
      out += c;
      // A `]` or `^]` right after the opening bracket is literal in Java, as it is nowhere in JavaScript.
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === ']' && inClass) inClass = false;
    else if (c === '&' && inClass && pattern[i + 1] === '&')
      throw new SyntaxError(`Unsupported Java class intersection in ${pattern}`);
    out += c;
  }
  return out;
}
