import { gsmSeptetCount, gsmSeptetLengthAt, isGsmText } from "./gsm-alphabet.js";
import { startsSurrogatePair } from "./ucs2.js";

/** How a text travels: the GSM 03.38 default alphabet (7-bit, data_coding 0) or UCS-2 (data_coding 8). */
export type TextEncoding = "gsm7" | "ucs2";

/** The size limits of one SMS, in septets (GSM 7-bit) or UTF-16 code units (UCS-2). */
export const smsLimits = {
  /** A GSM text of at most this many septets goes as one SMS. */
  gsmSingle: 160,
  /** Septets per part of a concatenated GSM text (160 minus the 6-octet header, 7 septets). */
  gsmPart: 153,
  /** A UCS-2 text of at most this many code units goes as one SMS. */
  ucs2Single: 70,
  /** Code units per part of a concatenated UCS-2 text (140 octets minus the 6-octet header). */
  ucs2Part: 67,
  /** The concatenation header counts parts in one octet. */
  maxParts: 255,
} as const;

/** How a text is split before encoding. */
export interface MessagePlan {
  readonly encoding: TextEncoding;
  /** 0 for the GSM default alphabet, 8 for UCS-2. */
  readonly dataCoding: 0 | 8;
  /** The text of each SMS, in order; one entry for a text that fits a single SMS. */
  readonly segments: readonly string[];
}

/** The encoding a text needs: GSM 7-bit when every character is in the default alphabet or its extension table. */
export function chooseEncoding(text: string): TextEncoding {
  return isGsmText(text) ? "gsm7" : "ucs2";
}

/**
 * The length of a text in the unit its encoding counts: septets for GSM 7-bit (an extension
 * character counts two), UTF-16 code units for UCS-2 (a surrogate pair counts two).
 */
export function encodedLength(text: string, encoding: TextEncoding = chooseEncoding(text)): number {
  return encoding === "gsm7" ? gsmSeptetCount(text) : text.length;
}

/**
 * Split a text into the segments of its SMS parts (without enforcing the 255-part limit):
 * GSM 7-bit parts hold 153 septets and never split an extension character's escape pair, UCS-2
 * parts hold 67 code units and never split a surrogate pair. A text that fits one SMS (160 or 70)
 * is one segment.
 */
export function splitMessage(text: string, encoding: TextEncoding = chooseEncoding(text)): string[] {
  return encoding === "gsm7"
    ? splitText(text, gsmSeptetCount(text), smsLimits.gsmSingle, smsLimits.gsmPart, gsmUnitSize)
    : splitText(text, text.length, smsLimits.ucs2Single, smsLimits.ucs2Part, ucs2UnitSize);
}

/**
 * Choose the encoding and split the text: GSM when every character is in the default
 * alphabet (extension characters count two septets), UCS-2 otherwise. Parts never split an
 * escape sequence or a surrogate pair. Throws a RangeError beyond 255 parts.
 */
export function planMessage(text: string): MessagePlan {
  const encoding = chooseEncoding(text);
  const segments = splitMessage(text, encoding);
  if (segments.length > smsLimits.maxParts) {
    throw new RangeError(
      `the text needs ${segments.length} SMS parts; a concatenated message can have at most ${smsLimits.maxParts}`,
    );
  }
  return { encoding, dataCoding: encoding === "gsm7" ? 0 : 8, segments };
}

/** The room one unit at `index` takes: septets (GSM) or code units (UCS-2); a pair spans two code units. */
type UnitSize = (text: string, index: number) => number;

const gsmUnitSize: UnitSize = (text, index) => gsmSeptetLengthAt(text, index) || 1;

const ucs2UnitSize: UnitSize = (text, index) => (startsSurrogatePair(text, index) ? 2 : 1);

function splitText(text: string, total: number, single: number, perPart: number, size: UnitSize): string[] {
  if (total <= single) return [text];
  const segments: string[] = [];
  let start = 0;
  let used = 0;
  for (let index = 0; index < text.length; ) {
    const unit = size(text, index);
    if (used + unit > perPart) {
      segments.push(text.slice(start, index));
      start = index;
      used = 0;
    }
    used += unit;
    // In GSM an extension character is one code unit of two septets; in UCS-2 a pair is two of two.
    index += size === ucs2UnitSize ? unit : 1;
  }
  segments.push(text.slice(start));
  return segments;
}
