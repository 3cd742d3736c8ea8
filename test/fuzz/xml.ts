/**
 * A strict reader of the little XML the AWS query protocols answer with, for checking responses:
 * an optional XML declaration, elements with attributes, text with the five predefined entities
 * and character references, and nothing XML 1.0 forbids (control characters, lone surrogates,
 * U+FFFE/U+FFFF). Comments, CDATA, processing instructions and DOCTYPEs are refused: AWS's
 * answers carry none.
 */

/** An element: its name, attributes, child elements and the text directly inside it. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

/** Why a text is not well-formed XML. */
export class XmlSyntaxError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Characters XML 1.0 does not allow, and lone surrogates. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Replaces entity and character references; throws on an unknown or malformed one. */
function decodeText(raw: string): string {
  if (raw.includes('<')) throw new XmlSyntaxError(`'<' in text: ${raw.slice(0, 80)}`);
  return raw.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlSyntaxError(`a bare '&' in text: ${raw.slice(0, 80)}`);
    const named = ENTITIES[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new XmlSyntaxError(`unknown entity ${whole}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] as string, 10);
    if (!isXmlCodePoint(cp))
      throw new XmlSyntaxError(`character reference ${whole} to a character XML forbids`);
    return String.fromCodePoint(cp);
  });
}

/**
 * Parses a whole document into its root element; throws XmlSyntaxError when it is not
 * well-formed (in the subset above).
 * @example parseXml('<A><B>x &amp; y</B></A>').children[0]?.text // 'x & y'
 */
export function parseXml(source: string): XmlElement {
  const bad = NOT_XML.exec(source);
  if (bad) throw new XmlSyntaxError(`character U+${bad[0].charCodeAt(0).toString(16)} that XML forbids`);
  let i = 0;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new XmlSyntaxError('unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();

  interface Open {
    name: string;
    attributes: Map<string, string>;
    children: XmlElement[];
    text: string;
  }
  const stack: Open[] = [];
  let root: XmlElement | undefined;

  while (i < source.length) {
    if (root && stack.length === 0) {
      skipSpace();
      if (i < source.length) throw new XmlSyntaxError(`content after the root element at ${i}`);
      break;
    }
    if (source[i] !== '<') {
      if (stack.length === 0) throw new XmlSyntaxError(`text outside the root element at ${i}`);
      const end = source.indexOf('<', i);
      const raw = source.slice(i, end < 0 ? source.length : end);
      (stack[stack.length - 1] as Open).text += decodeText(raw);
      i = end < 0 ? source.length : end;
      continue;
    }
    if (source.startsWith('</', i)) {
      const name = NAME.exec(source.slice(i + 2))?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name)
        throw new XmlSyntaxError(
          `closing tag ${name ?? '?'} does not match ${open?.name ?? 'nothing'} at ${i}`,
        );
      i += 2 + name.length;
      skipSpace();
      if (source[i] !== '>') throw new XmlSyntaxError(`malformed closing tag at ${i}`);
      i++;
      const done: XmlElement = { ...open };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(done);
      else root = done;
      continue;
    }
    if (/^<[!?]/.test(source.slice(i, i + 2)))
      throw new XmlSyntaxError(`comment, CDATA, DOCTYPE or processing instruction at ${i}`);
    const name = NAME.exec(source.slice(i + 1))?.[0];
    if (!name) throw new XmlSyntaxError(`malformed start tag at ${i}`);
    i += 1 + name.length;
    const attributes = new Map<string, string>();
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i) || source[i] === '>') break;
      if (i === before) throw new XmlSyntaxError(`no space before an attribute at ${i}`);
      const attr = /^([A-Za-z_][A-Za-z0-9_.:-]*)\s*=\s*"([^"<]*)"/.exec(source.slice(i));
      if (!attr) throw new XmlSyntaxError(`malformed attribute in <${name}> at ${i}`);
      const [whole, key, value] = attr as unknown as [string, string, string];
      if (attributes.has(key)) throw new XmlSyntaxError(`repeated attribute ${key} in <${name}>`);
      attributes.set(key, decodeText(value));
      i += whole.length;
    }
    const selfClosing = source.startsWith('/>', i);
    i += selfClosing ? 2 : 1;
    const open: Open = { name, attributes, children: [], text: '' };
    if (selfClosing) {
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(open);
      else if (root) throw new XmlSyntaxError('a second root element');
      else root = open;
    } else {
      if (!stack.length && root) throw new XmlSyntaxError('a second root element');
      stack.push(open);
    }
  }
  if (stack.length > 0)
    throw new XmlSyntaxError(`unclosed element <${(stack[stack.length - 1] as Open).name}>`);
  if (!root) throw new XmlSyntaxError('no root element');
  return root;
}

/** The names of an element's children, in order. */
export function childNames(element: XmlElement): string[] {
  return element.children.map((c) => c.name);
}
