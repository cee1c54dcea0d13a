/** A character XML 1.0 cannot carry, and where it is. */
export interface InvalidXmlCharacter {
  /** The index (in UTF-16 code units) of the character in the text. */
  readonly index: number;
  /** The character's code point as `U+XXXX`. */
  readonly codePoint: string;
}

/**
 * The first character XML 1.0 cannot carry (control characters other than tab, line feed and
 * carriage return; lone surrogates; U+FFFE and U+FFFF), or undefined when every one is allowed.
 */
export function findInvalidXmlCharacter(text: string): InvalidXmlCharacter | undefined {
  let index = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (!isXmlCharacter(code, character.length)) {
      return { index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, "0")}` };
    }
    index += character.length;
  }
  return undefined;
}

/**
 * Escape a text for an XML element's content: `&`, `<`, `>` (so `]]>` cannot occur) and carriage
 * returns (which a parser would otherwise turn into line feeds). Call `findInvalidXmlCharacter` first.
 */
export function escapeXmlText(text: string): string {
  let escaped = "";
  for (const character of text) {
    switch (character) {
      case "&":
        escaped += "&amp;";
        break;
      case "<":
        escaped += "&lt;";
        break;
      case ">":
        escaped += "&gt;";
        break;
      case "\r":
        escaped += "&#13;";
        break;
      default:
        escaped += character;
    }
  }
  return escaped;
}

function isXmlCharacter(code: number, length: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code >= 0x20 && code <= 0xd7ff) return true;
  // A lone surrogate iterates as a single code unit in the D800–DFFF range and is rejected here.
  if (code >= 0xe000 && code <= 0xfffd) return true;
  return length === 2 && code >= 0x10000 && code <= 0x10ffff;
}
