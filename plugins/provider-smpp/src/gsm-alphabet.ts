/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table.
 *
 * smskit sends data_coding 0 text unpacked: one septet value per byte, an extension
 * character as the escape 0x1B followed by its code. That is what most SMSCs expect over
 * SMPP; the SMSC packs the septets for the air interface.
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

const basicSeptets = new Map<string, number>();
for (let septet = 0; septet < basicTable.length; septet++) {
  const character = basicTable.charAt(septet);
  if (septet !== GSM_ESCAPE) basicSeptets.set(character, septet);
}
const extensionSeptets = new Map<string, number>(extensionTable);
const extensionCharacters = new Map<number, string>(
  extensionTable.map(([character, code]) => [code, character]),
);

/** How many septets one UTF-16 code unit takes in the default alphabet, or undefined when it has none. */
export function gsmSeptetLength(character: string): 1 | 2 | undefined {
  if (basicSeptets.has(character)) return 1;
  if (extensionSeptets.has(character)) return 2;
  return undefined;
}

/** Whether every character of a text has a GSM 03.38 default-alphabet (or extension-table) septet. */
export function isGsmText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (gsmSeptetLength(text.charAt(index)) === undefined) return false;
  }
  return true;
}

/** How many septets a GSM text takes (extension characters count two). Throws for a non-GSM text. */
export function gsmSeptetCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    count += requireSeptetLength(text.charAt(index));
  }
  return count;
}

/** Encode a GSM text as unpacked septets, one per byte; extension characters become 0x1B + code. */
export function encodeGsm(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    const basic = basicSeptets.get(character);
    if (basic !== undefined) {
      bytes.push(basic);
      continue;
    }
    const extension = extensionSeptets.get(character);
    if (extension === undefined) throw notGsm(character);
    bytes.push(GSM_ESCAPE, extension);
  }
  return Buffer.from(bytes);
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

function requireSeptetLength(character: string): 1 | 2 {
  const length = gsmSeptetLength(character);
  if (length === undefined) throw notGsm(character);
  return length;
}

function notGsm(character: string): RangeError {
  const codePoint = character.codePointAt(0) ?? 0;
  return new RangeError(
    `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} is not in the GSM 03.38 default alphabet`,
  );
}
