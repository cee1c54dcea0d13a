/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table.
 *
 * The one implementation of the alphabet in smskit: the encoding preview (`analyzeMessage`)
 * and the SMPP provider both use it. Text is encoded unpacked: one septet value per byte, an
 * extension character as the escape 0x1B followed by its code. That is what most SMSCs expect
 * over SMPP; the SMSC packs the septets for the air interface.
 */

/** The escape septet that announces a character of the extension table. */
export const GSM_ESCAPE = 0x1b;

/** The default alphabet: the character at index `n` has septet value `n` (0x1B is the escape). */
const basicTable =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The extension table: character → septet value after the escape. */
const extensionTable: ReadonlyArray<readonly [string, number]> = [
  ["\f", 0x0a],
  ["^", 0x14],
  ["{", 0x28],
  ["}", 0x29],
  ["\\", 0x2f],
  ["[", 0x3c],
  ["~", 0x3d],
  ["]", 0x3e],
  ["|", 0x40],
  ["€", 0x65],
];

/** Per UTF-16 code unit: its septet count (0: not in the alphabet, 1: basic, 2: extension). */
const septetLengths = new Uint8Array(0x10000);
/** Per UTF-16 code unit: its septet value (the code after the escape for an extension character). */
const septetValues = new Uint8Array(0x10000);
for (let septet = 0; septet < basicTable.length; septet++) {
  if (septet === GSM_ESCAPE) continue;
  const unit = basicTable.charCodeAt(septet);
  septetLengths[unit] = 1;
  septetValues[unit] = septet;
}
for (const [character, code] of extensionTable) {
  const unit = character.charCodeAt(0);
  septetLengths[unit] = 2;
  septetValues[unit] = code;
}
const extensionCharacters = new Map<number, string>(
  extensionTable.map(([character, code]) => [code, character]),
);

/** How many septets one UTF-16 code unit takes in the default alphabet, or undefined when it has none. */
export function gsmSeptetLength(character: string): 1 | 2 | undefined {
  return unitSeptetLength(character.charCodeAt(0));
}

/** The septet count of the code unit at `index` of a text (1 or 2), or 0 when it is not in the alphabet. */
export function gsmSeptetLengthAt(text: string, index: number): 0 | 1 | 2 {
  return (septetLengths[text.charCodeAt(index)] ?? 0) as 0 | 1 | 2;
}

/** Whether every character of a text has a GSM 03.38 default-alphabet (or extension-table) septet. */
export function isGsmText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (septetLengths[text.charCodeAt(index)] === 0) return false;
  }
  return true;
}

/** How many septets a GSM text takes (extension characters count two). Throws for a non-GSM text. */
export function gsmSeptetCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const length = septetLengths[text.charCodeAt(index)] ?? 0;
    if (length === 0) throw notGsm(text.charAt(index));
    count += length;
  }
  return count;
}

/** Encode a GSM text as unpacked septets, one per byte; extension characters become 0x1B + code. */
export function encodeGsm(text: string): Uint8Array {
  const bytes = new Uint8Array(gsmSeptetCount(text));
  let offset = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (septetLengths[unit] === 2) bytes[offset++] = GSM_ESCAPE;
    bytes[offset++] = septetValues[unit] ?? 0;
  }
  return bytes;
}

/**
 * Decode unpacked septets (one per byte) back to text. The counterpart of `encodeGsm`; an
 * unknown escape code decodes as the basic character, as TS 23.038 prescribes.
 */
export function decodeGsm(septets: Uint8Array): string {
  let text = "";
  for (let index = 0; index < septets.length; index++) {
    const septet = septets[index] ?? 0;
    if (septet === GSM_ESCAPE && index + 1 < septets.length) {
      const code = septets[++index] ?? 0;
      text += extensionCharacters.get(code) ?? basicTable.charAt(code & 0x7f);
      continue;
    }
    text += basicTable.charAt(septet & 0x7f);
  }
  return text;
}

function unitSeptetLength(unit: number): 1 | 2 | undefined {
  const length = septetLengths[unit] ?? 0;
  return length === 0 ? undefined : (length as 1 | 2);
}

function notGsm(character: string): RangeError {
  const codePoint = character.codePointAt(0) ?? 0;
  return new RangeError(
    `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} is not in the GSM 03.38 default alphabet`,
  );
}
