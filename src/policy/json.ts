import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Position, Span } from './ast.js';
import type { PolicyIssue } from './errors.js';

/**
 * The JSON layer under the policy parser: a tree with source offsets (from jsonc-parser, in strict
 * JSON mode), 1-based line/column positions, JSON paths, and the syntax and duplicate-key errors
 * that make AWS answer "Syntax errors in policy."
 */

/** A node of the JSON tree: type, value, offset and length in the source, children. */
export type JsonNode = Node;

/** Maps offsets of one source text to positions; line starts are computed once. */
export class SourceText {
  /** Offsets at which each line starts; `\n`, `\r\n` and a lone `\r` end a line. */
  readonly #lineStarts: readonly number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#lineStarts = starts;
  }

  /**
   * The 1-based line and column of an offset (clamped to the text). Columns count UTF-16 code
   * units, which are characters for every text IAM accepts (U+0009 to U+00FF).
   * @example new SourceText('{\n  "a": 1\n}').position(4) // { line: 2, column: 3, offset: 4 }
   */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (starts[lo] as number) + 1, offset: at };
  }

  /** The span of `[start, end)` with a JSON path. */
  span(start: number, end: number, path: string): Span {
    return { start: this.position(start), end: this.position(end), path };
  }

  /** The span of a node of the tree. */
  nodeSpan(node: JsonNode, path: string): Span {
    return this.span(node.offset, node.offset + node.length, path);
  }
}

/** The result of reading JSON text: the tree (when there was any), and what was wrong with it. */
export interface JsonParseResult {
  readonly root: JsonNode | undefined;
  readonly source: SourceText;
  /** `json-syntax` and `duplicate-key` issues, in source order. */
  readonly issues: readonly PolicyIssue[];
}

const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol:
    'unexpected text; expected a JSON value (string in double quotes, number, true, false, null, object or array)',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between elements",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'string is not closed (a string cannot span lines)',
  UnexpectedEndOfNumber: 'number is not complete',
  InvalidUnicode: 'invalid \\u escape in string',
  InvalidEscapeCharacter: 'invalid escape character in string',
  InvalidCharacter: 'invalid character in string (control characters must be escaped)',
};

/** Describes one jsonc-parser error, spotting the usual trailing comma. */
function syntaxMessage(error: ParseError, text: string, rootEnd: number | undefined): string {
  const name = printParseErrorCode(error.error);
  if (
    rootEnd !== undefined &&
    error.offset >= rootEnd &&
    (name === 'InvalidSymbol' || name === 'EndOfFileExpected')
  ) {
    return `Syntax error: ${SYNTAX_MESSAGES.EndOfFileExpected}.`;
  }
  const here = text[error.offset];
  if ((here === '}' || here === ']') && (name === 'PropertyNameExpected' || name === 'ValueExpected')) {
    let i = error.offset - 1;
    while (i >= 0 && /\s/.test(text[i] as string)) i--;
    if (text[i] === ',')
      return `Syntax error: trailing comma before '${here}' is not allowed in JSON; remove it.`;
  }
  if (error.offset >= text.length && name === 'ValueExpected' && text.trim() === '') {
    return 'Syntax error: the policy document is empty.';
  }
  return `Syntax error: ${SYNTAX_MESSAGES[name] ?? name}.`;
}

/**
 * How deep objects and arrays may nest. A policy needs five levels (Statement, a statement,
 * Condition, an operator, a value list); the limit keeps the tree walkers' recursion, and
 * jsonc-parser's, far from the stack's end whatever a caller sends.
 */
export const MAX_DEPTH = 64;

/** The offset of the first bracket nested deeper than `limit`, outside strings; undefined if none. */
function nestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return undefined;
}

/**
 * Parses strict JSON (no comments, no trailing commas) into a tree with offsets, reporting every
 * syntax error (one per offset, the first that jsonc-parser gives there) and every duplicate key.
 * @example parseJson('{"Version": "2012-10-17", "Version": "2008-10-17"}').issues[0]?.code // 'duplicate-key'
 */
export function parseJson(text: string): JsonParseResult {
  const source = new SourceText(text);
  const tooDeep = nestingBeyond(text, MAX_DEPTH);
  if (tooDeep !== undefined)
    return {
      root: undefined,
      source,
      issues: [
        {
          code: 'json-syntax',
          message: `Syntax error: nested more than ${MAX_DEPTH} levels deep.`,
          span: source.span(tooDeep, tooDeep + 1, ''),
        },
      ],
    };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const issues: PolicyIssue[] = [];
  const seenOffsets = new Set<number>();
  const rootEnd = root && root.offset + root.length;
  for (const error of errors) {
    if (seenOffsets.has(error.offset)) continue;
    seenOffsets.add(error.offset);
    issues.push({
      code: 'json-syntax',
      message: syntaxMessage(error, text, rootEnd),
      span: source.span(error.offset, error.offset + Math.max(error.length, 0), ''),
    });
  }
  if (root) collectDuplicateKeys(root, '', source, issues);
  issues.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { root, source, issues };
}

/** Reports each key that repeats an earlier key of the same object (JSON keys are case-sensitive). */
function collectDuplicateKeys(node: JsonNode, path: string, source: SourceText, issues: PolicyIssue[]): void {
  if (node.type === 'object') {
    const first = new Map<string, JsonNode>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      const key = keyNode.value;
      const childPath = joinPath(path, key);
      const earlier = first.get(key);
      if (earlier) {
        const at = source.position(earlier.offset);
        issues.push({
          code: 'duplicate-key',
          message: `Duplicate key '${key}' (first at line ${at.line}, column ${at.column}); a JSON object may hold each key once.`,
          span: source.nodeSpan(keyNode, childPath),
        });
      } else first.set(key, keyNode);
      if (valueNode) collectDuplicateKeys(valueNode, childPath, source, issues);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) =>
      collectDuplicateKeys(child, joinPath(path, i), source, issues),
    );
  }
}

/** Keys that can be written bare in a path: no dot, bracket, quote or whitespace. */
const BARE_KEY = /^[^.[\]"\s]+$/;

/**
 * Appends a key or index to a JSON path, e.g. `Statement[1].Condition.Bool.aws:MultiFactorAuthPresent`.
 * Keys that contain `.`, brackets, quotes or whitespace are written as `["key"]`.
 * @example joinPath('Statement[0]', 'Action') // 'Statement[0].Action'
 */
export function joinPath(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (!BARE_KEY.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
  return path ? `${path}.${segment}` : segment;
}

/** The properties of an object node as key node, value node and key text, in source order. */
export interface JsonProperty {
  readonly key: string;
  readonly keyNode: JsonNode;
  readonly valueNode: JsonNode | undefined;
  readonly node: JsonNode;
}

/** Lists the properties of an object node (nothing for other nodes). */
export function propertiesOf(node: JsonNode): JsonProperty[] {
  if (node.type !== 'object') return [];
  const out: JsonProperty[] = [];
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && typeof keyNode.value === 'string')
      out.push({ key: keyNode.value, keyNode, valueNode, node: property });
  }
  return out;
}
