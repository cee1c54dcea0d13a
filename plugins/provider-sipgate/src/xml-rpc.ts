import { childElements, parseXml, textContent, type XmlElement, XmlSyntaxError } from "./xml-reader.js";
import { escapeXmlText } from "./xml-text.js";

/** An XML-RPC value as decoded from an answer. */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | XmlRpcValue[]
  | { [member: string]: XmlRpcValue };

/** What an XML-RPC answer said: a value, or a fault. */
export type XmlRpcAnswer =
  | { readonly kind: "value"; readonly value: XmlRpcValue }
  | { readonly kind: "fault"; readonly faultCode: XmlRpcValue; readonly faultString: string };

/**
 * An XML-RPC `methodCall` with one struct parameter whose members are strings. Every string is
 * escaped; check it for characters XML cannot carry before.
 */
export function xmlRpcStructCall(method: string, members: Readonly<Record<string, string>>): string {
  const fields = Object.entries(members)
    .map(
      ([name, value]) =>
        `<member><name>${escapeXmlText(name)}</name><value><string>${escapeXmlText(value)}</string></value></member>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<methodCall><methodName>${escapeXmlText(method)}</methodName><params><param><value><struct>${fields}</struct></value></param></params></methodCall>\n`;
}

/** Decode an XML-RPC `methodResponse`. Throws an `XmlSyntaxError` when it is none. */
export function readXmlRpcAnswer(body: string): XmlRpcAnswer {
  const root = parseXml(body);
  if (root.name !== "methodResponse")
    throw new XmlSyntaxError(`expected <methodResponse>, got <${root.name}>`);
  const [first] = childElements(root);
  if (first?.name === "fault") {
    const fault = decodeValue(only(first, "value"));
    const faultCode = isStruct(fault) ? (fault.faultCode ?? null) : null;
    const faultString = isStruct(fault) && typeof fault.faultString === "string" ? fault.faultString : "";
    return { kind: "fault", faultCode, faultString };
  }
  if (first?.name === "params") {
    const param = childElements(first).find((child) => child.name === "param");
    return { kind: "value", value: param ? decodeValue(only(param, "value")) : null };
  }
  throw new XmlSyntaxError("a <methodResponse> holds neither <params> nor <fault>");
}

/** Whether a decoded value is a struct. */
export function isStruct(value: XmlRpcValue): value is { [member: string]: XmlRpcValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function decodeValue(value: XmlElement): XmlRpcValue {
  const [typed] = childElements(value);
  if (!typed) return textContent(value);
  const text = textContent(typed);
  switch (typed.name) {
    case "string":
    case "base64":
    case "dateTime.iso8601":
      return text;
    case "int":
    case "i4":
    case "i8":
    case "double":
      return Number(text.trim());
    case "boolean":
      return text.trim() === "1";
    case "nil":
      return null;
    case "array":
      return childElements(only(typed, "data"))
        .filter((child) => child.name === "value")
        .map(decodeValue);
    case "struct": {
      const struct: { [member: string]: XmlRpcValue } = {};
      for (const member of childElements(typed).filter((child) => child.name === "member")) {
        struct[textContent(only(member, "name"))] = decodeValue(only(member, "value"));
      }
      return struct;
    }
    default:
      throw new XmlSyntaxError(`unknown XML-RPC type <${typed.name}>`);
  }
}

function only(parent: XmlElement, name: string): XmlElement {
  const found = childElements(parent).find((child) => child.name === name);
  if (!found) throw new XmlSyntaxError(`<${parent.name}> has no <${name}>`);
  return found;
}
