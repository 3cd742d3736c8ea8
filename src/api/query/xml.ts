/**
 * The little XML the query protocol answers with: elements holding either text or other elements,
 * attributes on the root only, written as AWS writes them — no XML declaration, two-space indentation,
 * a newline at the end, empty elements as `<Name/>`. Hand-written because that subset is a few lines,
 * where an XML library would bring a document model and options to pin down.
 */

/** An element holding text. */
export interface XmlText {
  readonly name: string;
  readonly text: string;
}

/** An element holding elements. */
export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlText | XmlElement;

/** Shorthand for an element holding text. */
export function text(name: string, value: string): XmlText {
  return { name, text: value };
}

/** Shorthand for an element holding elements. */
export function element(
  name: string,
  children: readonly XmlNode[],
  attributes?: Readonly<Record<string, string>>,
): XmlElement {
  return attributes ? { name, children, attributes } : { name, children };
}

/**
 * The document rooted at `root`.
 * @example writeXml(element('A', [text('B', 'x & y')])); // '<A>\n  <B>x &amp; y</B>\n</A>\n'
 */
export function writeXml(root: XmlNode): string {
  const lines: string[] = [];
  write(root, '', lines);
  return lines.join('\n') + '\n';
}

function write(node: XmlNode, indent: string, lines: string[]): void {
  if ('text' in node) {
    lines.push(
      node.text === ''
        ? `${indent}<${node.name}/>`
        : `${indent}<${node.name}>${escapeXml(node.text)}</${node.name}>`,
    );
    return;
  }
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  if (node.children.length === 0) {
    lines.push(`${indent}<${node.name}${attributes}/>`);
    return;
  }
  lines.push(`${indent}<${node.name}${attributes}>`);
  for (const child of node.children) write(child, `${indent}  `, lines);
  lines.push(`${indent}</${node.name}>`);
}

/**
 * Text safe in element content and attribute values. A carriage return is written as a character
 * reference, which parsers keep (a literal one they would turn into a line feed); characters XML 1.0
 * cannot carry at all (most control characters, lone surrogates) become U+FFFD.
 */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>"\r]/g, (c) => ESCAPES[c] ?? c);
}

const NOT_XML =
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#xD;',
};
