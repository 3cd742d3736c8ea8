import { describe, expect, it } from 'vitest';
import { joinPath, parseJson, propertiesOf, SourceText } from './json.js';

/** Line and column of the nth occurrence of `needle`, found without SourceText. */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' #${nth} not in text`);
  }
  const lines = text.slice(0, index).split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

describe('SourceText', () => {
  it.each([
    ['LF', '{\n  "a": 1,\n  "b": 2\n}'],
    ['CRLF', '{\r\n  "a": 1,\r\n  "b": 2\r\n}'],
    ['CR', '{\r  "a": 1,\r  "b": 2\r}'],
  ])('maps offsets to 1-based line and column with %s line ends', (_name, text) => {
    const source = new SourceText(text);
    for (const needle of ['{', '"a"', '1', '"b"', '2', '}']) {
      const offset = text.indexOf(needle);
      expect(source.position(offset)).toEqual({ ...at(text, needle), offset });
    }
  });

  it('puts the end of the text on the last line and clamps offsets past it', () => {
    const source = new SourceText('ab\ncd');
    expect(source.position(5)).toEqual({ line: 2, column: 3, offset: 5 });
    expect(source.position(99)).toEqual({ line: 2, column: 3, offset: 5 });
    expect(source.position(-1)).toEqual({ line: 1, column: 1, offset: 0 });
  });

  it('gives the position of an offset just after a line end as column 1 of the next line', () => {
    const source = new SourceText('a\n\nb');
    expect(source.position(2)).toEqual({ line: 2, column: 1, offset: 2 });
    expect(source.position(3)).toEqual({ line: 3, column: 1, offset: 3 });
  });
});

describe('joinPath', () => {
  it.each([
    ['', 'Statement', 'Statement'],
    ['Statement', 1, 'Statement[1]'],
    ['Statement[1].Condition', 'Bool', 'Statement[1].Condition.Bool'],
    [
      'Statement[1].Condition.Bool',
      'aws:MultiFactorAuthPresent',
      'Statement[1].Condition.Bool.aws:MultiFactorAuthPresent',
    ],
    [
      'Statement[0].Condition.StringEquals',
      'aws:RequestTag/cost.center',
      'Statement[0].Condition.StringEquals["aws:RequestTag/cost.center"]',
    ],
    ['', 'has space', '["has space"]'],
    ['x', '', 'x[""]'],
  ])('joinPath(%j, %j) is %j', (path, segment, expected) => {
    expect(joinPath(path, segment)).toBe(expected);
  });
});

describe('parseJson', () => {
  it('reads valid JSON into a tree with offsets and no issues', () => {
    const text = '{"Version": "2012-10-17", "Statement": []}';
    const { root, issues } = parseJson(text);
    expect(issues).toEqual([]);
    if (!root) throw new Error('no tree');
    expect(root.type).toBe('object');
    const props = propertiesOf(root);
    expect(props.map((p) => p.key)).toEqual(['Version', 'Statement']);
    expect(props[0]?.valueNode?.offset).toBe(text.indexOf('"2012-10-17"'));
  });

  it.each([
    ['a trailing comma in an object', '{\n  "Effect": "Allow",\n}', '}', /trailing comma before '}'/],
    ['a trailing comma in an array', '{"Action": ["a:b",\n  ]}', ']', /trailing comma before ']'/],
    ['a missing comma', '{\n  "Effect": "Allow"\n  "Action": "*"\n}', '"Action"', /expected ','/],
    ['a comment', '{\n  // hi\n  "a": 1\n}', '// hi', /comments are not allowed/],
    ['single quotes', "{'a': 1}", "'a'", /unexpected text/],
    ['a missing colon', '{"a" 1}', '1', /expected ':'/],
    ['text after the document', '{"a": 1} x', 'x', /after the end/],
    ['an unclosed object', '{"a": 1', '', /expected '}'/],
  ])('reports %s as json-syntax at the offending character', (_name, text, needle, message) => {
    const { issues } = parseJson(text);
    const first = issues[0];
    expect(first?.code).toBe('json-syntax');
    expect(first?.message).toMatch(message);
    const expected = needle === '' ? new SourceText(text).position(text.length) : at(text, needle);
    expect(first?.span.start).toMatchObject({ line: expected.line, column: expected.column });
  });

  it('reports an empty document', () => {
    const { root, issues } = parseJson('  \n');
    expect(root).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'json-syntax',
      message: 'Syntax error: the policy document is empty.',
    });
  });

  it('reports every syntax error, one per offset', () => {
    const text = '{\n  "a": 1,\n}\n';
    const { issues } = parseJson(text);
    expect(issues.filter((i) => i.code === 'json-syntax')).toHaveLength(1);
    const two = parseJson('{"a": 1 "b": 2 "c": 3}').issues;
    expect(two.map((i) => i.span.start.column)).toEqual([9, 16]);
  });

  it('reports a duplicate key at the later key, with the path and where the first one is', () => {
    const text = '{\n  "Statement": {\n    "Effect": "Allow",\n    "Effect": "Deny"\n  }\n}';
    const { issues } = parseJson(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'duplicate-key',
      message: "Duplicate key 'Effect' (first at line 3, column 5); a JSON object may hold each key once.",
      span: { path: 'Statement.Effect', start: { ...at(text, '"Effect"', 1) } },
    });
  });

  it('finds duplicate keys inside arrays and nested objects, and not across sibling objects', () => {
    const text = JSON.stringify({ Statement: [{ Sid: 'a' }, { Sid: 'b' }] }).replace(
      '"Sid":"b"',
      '"Sid":"b","Sid":"c"',
    );
    const { issues } = parseJson(text);
    expect(issues.map((i) => [i.code, i.span.path])).toEqual([['duplicate-key', 'Statement[1].Sid']]);
  });

  it('treats keys that differ only in case as different keys', () => {
    expect(parseJson('{"Effect": "Allow", "effect": "Deny"}').issues).toEqual([]);
  });
});
