/**
 * UCS-2 as SMSCs understand it for data_coding 8: big-endian UTF-16 code units. Characters
 * outside the Basic Multilingual Plane (emoji) travel as surrogate pairs, which phones
 * display correctly.
 */

/** Encode a text as big-endian UTF-16 code units (two bytes per code unit). */
export function encodeUcs2(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes[index * 2] = unit >> 8;
    bytes[index * 2 + 1] = unit & 0xff;
  }
  return bytes;
}

/** Decode big-endian UTF-16 code units back to text (a trailing odd byte is ignored). */
export function decodeUcs2(bytes: Uint8Array): string {
  let text = "";
  for (let offset = 0; offset + 1 < bytes.length; offset += 2) {
    text += String.fromCharCode(((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0));
  }
  return text;
}

/** Whether the code unit at `index` is the high half of a surrogate pair whose low half follows. */
export function startsSurrogatePair(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}
