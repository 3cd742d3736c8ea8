import { describe, expect, it } from 'vitest';
import { element, escapeXml, text, writeXml } from './xml.js';

describe('writeXml', () => {
  it('indents by two spaces, ends with a newline and has no declaration', () => {
    expect(writeXml(element('A', [element('B', [text('C', 'x')]), text('D', 'y')], { xmlns: 'urn:x' }))).toBe(
      '<A xmlns="urn:x">\n  <B>\n    <C>x</C>\n  </B>\n  <D>y</D>\n</A>\n',
    );
  });

  it('writes empty elements as <Name/>', () => {
    expect(writeXml(element('A', [element('B', []), text('C', '')]))).toBe('<A>\n  <B/>\n  <C/>\n</A>\n');
  });
});

describe('escapeXml', () => {
  it('escapes markup characters', () => {
    expect(escapeXml('<a href="x">&amp;</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('keeps carriage returns as character references and leaves tabs and line feeds alone', () => {
    expect(escapeXml('a\r\nb\tc')).toBe('a&#xD;\nb\tc');
  });

  it('replaces what XML 1.0 cannot carry', () => {
    expect(escapeXml('a\u0000b\u001Fc\uFFFEd\uD800e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(escapeXml('emoji 😀 ok')).toBe('emoji 😀 ok');
  });
});
