/**
 * A strict parser for exactly the XML-RPC call the sipgate provider sends: one `methodCall`
 * with a `methodName` and `params` of `param`s holding values. Written independently of the
 * provider's own XML reader, so a test does not check the provider against itself.
 * Anything unexpected (an unknown element, text between elements, a bad entity) throws.
 */

/** A decoded XML-RPC value (the subset the provider sends). */
export type CallValue = string | number | boolean | CallValue[] | { [member: string]: CallValue };

/** A decoded method call. */
export interface MethodCall {
  methodName: string;
  params: CallValue[];
}

type Token =
  | { kind: "open"; name: string }
  | { kind: "close"; name: string }
  | { kind: "text"; text: string };

/** Parse a `methodCall` document; throws on anything not strictly XML-RPC. */
export function parseMethodCall(document: string): MethodCall {
  const tokens = tokenize(document);
  let index = 0;
  const peek = (): Token | undefined => tokens[index];
  const skipBlank = () => {
    const token = peek();
    if (token?.kind === "text" && token.text.trim() === "") index++;
  };
  const open = (name: string) => {
    skipBlank();
    const token = tokens[index++];
    if (token?.kind !== "open" || token.name !== name)
      throw new Error(`expected <${name}>, got ${show(token)}`);
  };
  const close = (name: string) => {
    skipBlank();
    const token = tokens[index++];
    if (token?.kind !== "close" || token.name !== name)
      throw new Error(`expected </${name}>, got ${show(token)}`);
  };
  const text = (): string => {
    const token = peek();
    if (token?.kind === "text") {
      index++;
      return token.text;
    }
    return "";
  };
  const isOpen = (name: string): boolean => {
    skipBlank();
    const token = peek();
    return token?.kind === "open" && token.name === name;
  };
  const value = (): CallValue => {
    open("value");
    const token = peek();
    if (token?.kind !== "open") {
      const plain = text();
      close("value");
      return plain;
    }
    let result: CallValue;
    switch (token.name) {
      case "string": {
        open("string");
        result = text();
        close("string");
        break;
      }
      case "int":
      case "i4": {
        open(token.name);
        const digits = text();
        if (!/^[+-]?\d+$/.test(digits)) throw new Error(`bad integer ${digits}`);
        result = Number(digits);
        close(token.name);
        break;
      }
      case "boolean": {
        open("boolean");
        const bit = text();
        if (bit !== "0" && bit !== "1") throw new Error(`bad boolean ${bit}`);
        result = bit === "1";
        close("boolean");
        break;
      }
      case "struct": {
        open("struct");
        const struct: { [member: string]: CallValue } = {};
        while (isOpen("member")) {
          open("member");
          open("name");
          const name = text();
          close("name");
          if (name in struct) throw new Error(`member ${name} twice`);
          struct[name] = value();
          close("member");
        }
        close("struct");
        result = struct;
        break;
      }
      case "array": {
        open("array");
        open("data");
        const items: CallValue[] = [];
        while (isOpen("value")) items.push(value());
        close("data");
        close("array");
        result = items;
        break;
      }
      default:
        throw new Error(`unexpected <${token.name}> in a value`);
    }
    close("value");
    return result;
  };

  open("methodCall");
  open("methodName");
  const methodName = text();
  close("methodName");
  const params: CallValue[] = [];
  if (isOpen("params")) {
    open("params");
    while (isOpen("param")) {
      open("param");
      params.push(value());
      close("param");
    }
    close("params");
  }
  close("methodCall");
  skipBlank();
  if (index !== tokens.length) throw new Error(`content after </methodCall>: ${show(peek())}`);
  return { methodName, params };
}

function tokenize(document: string): Token[] {
  let rest = document;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>/;
  if (!declaration.test(rest)) throw new Error("missing or unexpected XML declaration");
  rest = rest.replace(declaration, "");
  const tokens: Token[] = [];
  let position = 0;
  while (position < rest.length) {
    const character = rest[position];
    if (character === "<") {
      const end = rest.indexOf(">", position);
      if (end === -1) throw new Error("unterminated tag");
      const inside = rest.slice(position + 1, end);
      const closing = inside.startsWith("/");
      const name = closing ? inside.slice(1) : inside;
      if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(name)) throw new Error(`unexpected markup <${inside}>`);
      tokens.push(closing ? { kind: "close", name } : { kind: "open", name });
      position = end + 1;
    } else {
      let end = rest.indexOf("<", position);
      if (end === -1) end = rest.length;
      const raw = rest.slice(position, end);
      if (raw.includes(">")) throw new Error(`unescaped '>' in text ${JSON.stringify(raw)}`);
      const last = tokens.at(-1);
      const decoded = decodeEntities(raw);
      if (last?.kind === "text") last.text += decoded;
      else tokens.push({ kind: "text", text: decoded });
      position = end;
    }
  }
  return tokens;
}

function decodeEntities(raw: string): string {
  // A parser turns line ends into line feeds; only a character reference keeps a carriage return.
  const normalized = raw.replaceAll("\r\n", "\n").replaceAll("\r", "\n");
  let decoded = "";
  let position = 0;
  while (position < normalized.length) {
    const ampersand = normalized.indexOf("&", position);
    if (ampersand === -1) {
      decoded += normalized.slice(position);
      break;
    }
    decoded += normalized.slice(position, ampersand);
    const semicolon = normalized.indexOf(";", ampersand);
    if (semicolon === -1) throw new Error("unterminated entity");
    const entity = normalized.slice(ampersand + 1, semicolon);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (entity in named) decoded += named[entity];
    else if (/^#\d+$/.test(entity)) decoded += String.fromCodePoint(Number(entity.slice(1)));
    else if (/^#x[0-9a-fA-F]+$/.test(entity))
      decoded += String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    else throw new Error(`unknown entity &${entity};`);
    position = semicolon + 1;
  }
  return decoded;
}

function show(token: Token | undefined): string {
  if (!token) return "the end";
  if (token.kind === "text") return `text ${JSON.stringify(token.text)}`;
  return token.kind === "open" ? `<${token.name}>` : `</${token.name}>`;
}
