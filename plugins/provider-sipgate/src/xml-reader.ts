/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements and text (entities decoded, CDATA as text), in document order. */
  readonly children: ReadonlyArray<XmlElement | string>;
}

/** A document that is not well-formed (or uses a DOCTYPE, which is refused). */
export class XmlSyntaxError extends Error {
  override name = "XmlSyntaxError";
}

const namedEntities: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Parse a small XML document (an XML-RPC answer) into elements. Supports the XML declaration,
 * comments, processing instructions, CDATA, attributes and character references; refuses a
 * DOCTYPE (no entity expansion) and anything not well-formed.
 */
export function parseXml(source: string): XmlElement {
  const reader = new Reader(source);
  reader.skipMisc();
  if (reader.startsWith("<!DOCTYPE")) throw new XmlSyntaxError("a DOCTYPE is not accepted");
  const root = reader.element();
  reader.skipMisc();
  if (!reader.atEnd())
    throw new XmlSyntaxError(`unexpected content after the root element at ${reader.position}`);
  return root;
}

/** The child elements of an element. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== "string");
}

/** The text content of an element (its own text and its descendants'). */
export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === "string" ? child : textContent(child))).join("");
}

class Reader {
  position = 0;
  readonly #source: string;

  constructor(source: string) {
    // A byte order mark may precede the document.
    this.#source = source.startsWith("\uFEFF") ? source.slice(1) : source;
  }

  atEnd(): boolean {
    return this.position >= this.#source.length;
  }

  startsWith(text: string): boolean {
    return this.#source.startsWith(text, this.position);
  }

  /** Skip whitespace, comments and processing instructions (the prolog and what follows the root). */
  skipMisc(): void {
    for (;;) {
      this.#skipWhitespace();
      if (this.startsWith("<?")) this.#skipPast("?>");
      else if (this.startsWith("<!--")) this.#skipPast("-->");
      else return;
    }
  }

  element(): XmlElement {
    this.#expect("<");
    const name = this.#name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.#skipWhitespace();
      if (this.startsWith("/>")) {
        this.position += 2;
        return { name, attributes, children: [] };
      }
      if (this.startsWith(">")) {
        this.position += 1;
        break;
      }
      if (!hadSpace) throw new XmlSyntaxError(`expected whitespace before an attribute at ${this.position}`);
      const attribute = this.#name();
      this.#skipWhitespace();
      this.#expect("=");
      this.#skipWhitespace();
      const quote = this.#source[this.position];
      if (quote !== '"' && quote !== "'")
        throw new XmlSyntaxError(`expected a quoted value at ${this.position}`);
      this.position += 1;
      const end = this.#indexOf(quote);
      const raw = this.#source.slice(this.position, end);
      if (raw.includes("<")) throw new XmlSyntaxError(`'<' in an attribute value at ${this.position}`);
      attributes[attribute] = decodeReferences(raw, this.position);
      this.position = end + 1;
    }
    const children: Array<XmlElement | string> = [];
    let text = "";
    for (;;) {
      if (this.atEnd()) throw new XmlSyntaxError(`element <${name}> is not closed`);
      if (this.startsWith("</")) {
        this.position += 2;
        const closing = this.#name();
        if (closing !== name) throw new XmlSyntaxError(`</${closing}> closes <${name}> at ${this.position}`);
        this.#skipWhitespace();
        this.#expect(">");
        if (text !== "") children.push(text);
        return { name, attributes, children };
      }
      if (this.startsWith("<![CDATA[")) {
        this.position += "<![CDATA[".length;
        const end = this.#indexOf("]]>");
        text += this.#source.slice(this.position, end);
        this.position = end + 3;
      } else if (this.startsWith("<!--")) {
        this.#skipPast("-->");
      } else if (this.startsWith("<?")) {
        this.#skipPast("?>");
      } else if (this.startsWith("<")) {
        if (text !== "") children.push(text);
        text = "";
        children.push(this.element());
      } else {
        const next = this.#source.indexOf("<", this.position);
        const end = next === -1 ? this.#source.length : next;
        const raw = this.#source.slice(this.position, end);
        if (raw.includes("]]>")) throw new XmlSyntaxError(`']]>' in text at ${this.position}`);
        text += decodeReferences(raw.replace(/\r\n?/g, "\n"), this.position);
        this.position = end;
      }
    }
  }

  #name(): string {
    const match = /^[A-Za-z_:][A-Za-z0-9_:.-]*/.exec(this.#source.slice(this.position, this.position + 256));
    if (!match) throw new XmlSyntaxError(`expected a name at ${this.position}`);
    this.position += match[0].length;
    return match[0];
  }

  #expect(text: string): void {
    if (!this.startsWith(text)) throw new XmlSyntaxError(`expected '${text}' at ${this.position}`);
    this.position += text.length;
  }

  #skipWhitespace(): boolean {
    const start = this.position;
    while (/[ \t\r\n]/.test(this.#source[this.position] ?? "")) this.position += 1;
    return this.position > start;
  }

  #skipPast(terminator: string): void {
    this.position = this.#indexOf(terminator) + terminator.length;
  }

  #indexOf(text: string): number {
    const index = this.#source.indexOf(text, this.position);
    if (index === -1) throw new XmlSyntaxError(`'${text}' missing after ${this.position}`);
    return index;
  }
}

function decodeReferences(raw: string, position: number): string {
  return raw.replace(/&([^;&]*);|&/g, (whole, body: string | undefined) => {
    if (body === undefined) throw new XmlSyntaxError(`a bare '&' near ${position}`);
    const named = namedEntities[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (!numeric) throw new XmlSyntaxError(`unknown entity ${whole} near ${position}`);
    const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
    if (!(code > 0 && code <= 0x10ffff)) throw new XmlSyntaxError(`invalid character reference ${whole}`);
    return String.fromCodePoint(code);
  });
}
