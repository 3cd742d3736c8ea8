import type { PolicyDocument, Statement } from '../policy/index.js';
import { SourceText } from '../policy/json.js';

/**
 * Where the policy simulator says a statement starts and ends (`Statement`'s StartPosition and
 * EndPosition), reproduced from AWS's answers rather than from the statement's own braces. AWS
 * reports the place its parser had reached, 1-based:
 *  - EndPosition: just after the statement's closing `}`;
 *  - StartPosition of the first statement of a `Statement` array: just after the `[`, of a later
 *    one: just after the previous statement's `}` (the comma is not yet read), and of a lone
 *    statement object: just after its `{`.
 * Observed: the AWS CLI's own example (`"Statement":{…}` on one line: Column 38 to 167, the `{` at
 * 37 and the `}` at 166); AdministratorAccess (`"Statement": [` ending line 3 at column 16, `}` at
 * line 8 column 5: Line 3 Column 17 to Line 8 Column 6); a two-statement S3 bucket policy on one
 * line (`[` at 37: 38 to 248, then 248 to 470).
 */

export interface SimulatorPosition {
  readonly Line: number;
  readonly Column: number;
}

export interface StatementPositions {
  readonly StartPosition: SimulatorPosition;
  readonly EndPosition: SimulatorPosition;
}

function at(source: SourceText, offset: number): SimulatorPosition {
  const { line, column } = source.position(offset);
  return { Line: line, Column: column };
}

/** The offset just after the last non-whitespace character before `offset`, and that character. */
function previousToken(text: string, offset: number): { char: string; after: number } {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] as string)) i--;
  return { char: text[i] ?? '', after: i + 1 };
}

/**
 * The simulator's positions of every statement of a document, by statement, from the text the
 * document was parsed from.
 * @example statementPositions(text, parsed).get(parsed.statements[0])?.StartPosition // { Line: 1, Column: 38 }
 */
export function statementPositions(
  text: string,
  document: PolicyDocument,
): ReadonlyMap<Statement, StatementPositions> {
  const source = new SourceText(text);
  const positions = new Map<Statement, StatementPositions>();
  let previousEnd: number | undefined;
  for (const statement of document.statements) {
    const open = statement.span.start.offset;
    const end = statement.span.end.offset;
    let start: number;
    if (previousEnd !== undefined) start = previousEnd;
    else {
      const before = previousToken(text, open);
      start = before.char === '[' ? before.after : open + 1;
    }
    positions.set(statement, { StartPosition: at(source, start), EndPosition: at(source, end) });
    previousEnd = end;
  }
  return positions;
}
