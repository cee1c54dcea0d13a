import { encodeGsm, gsmSeptetCount, gsmSeptetLengthAt, isGsmText } from "./gsm-alphabet.js";
import { encodeUcs2, startsSurrogatePair } from "./ucs2.js";

/** How a text travels: the GSM 03.38 default alphabet (data_coding 0) or UCS-2 (data_coding 8). */
export type TextEncoding = "gsm" | "ucs2";

/** The size limits of one SMS, in septets (GSM) or UTF-16 code units (UCS-2). */
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

/** The `esm_class` bit saying that `short_message` starts with a user data header. */
export const UDH_INDICATOR = 0x40;

/** How a text is split before encoding. */
export interface MessagePlan {
  readonly encoding: TextEncoding;
  /** 0 for the GSM default alphabet, 8 for UCS-2. */
  readonly dataCoding: 0 | 8;
  /** The text of each SMS, in order; one entry for a text that fits a single SMS. */
  readonly segments: readonly string[];
}

/** A text ready for `submit_sm`: one `short_message` per part. */
export interface EncodedMessage extends MessagePlan {
  /** `esm_class`: 0, or `UDH_INDICATOR` when the text is split. */
  readonly esmClass: number;
  /** Each part's `short_message` octets, the concatenation header first when split. */
  readonly parts: readonly Buffer[];
}

/**
 * Choose the encoding and split the text: GSM when every character is in the default
 * alphabet (extension characters count two septets), UCS-2 otherwise. Parts never split an
 * escape sequence or a surrogate pair. Throws a RangeError beyond 255 parts.
 */
export function planMessage(text: string): MessagePlan {
  const plan: MessagePlan = isGsmText(text)
    ? {
        encoding: "gsm",
        dataCoding: 0,
        segments: splitText(text, gsmSeptetCount(text), smsLimits.gsmSingle, smsLimits.gsmPart, gsmUnit),
      }
    : {
        encoding: "ucs2",
        dataCoding: 8,
        // A surrogate pair is two code units and takes two in the SMS as well.
        segments: splitText(text, text.length, smsLimits.ucs2Single, smsLimits.ucs2Part, ucs2Unit),
      };
  if (plan.segments.length > smsLimits.maxParts) {
    throw new RangeError(
      `the text needs ${plan.segments.length} SMS parts; a concatenated message can have at most ${smsLimits.maxParts}`,
    );
  }
  return plan;
}

/**
 * Encode a text as the `short_message` octets of each part. A split text gets the 8-bit
 * concatenation header `05 00 03 reference total sequence` in every part.
 */
export function encodeMessage(text: string, reference: number): EncodedMessage {
  const plan = planMessage(text);
  const encode = plan.encoding === "gsm" ? encodeGsm : encodeUcs2;
  const total = plan.segments.length;
  if (total === 1) return { ...plan, esmClass: 0, parts: [encode(plan.segments[0] ?? "")] };
  const parts = plan.segments.map((segment, index) =>
    Buffer.concat([concatenationHeader(reference, total, index + 1), encode(segment)]),
  );
  return { ...plan, esmClass: UDH_INDICATOR, parts };
}

/** The user data header of one part of a concatenated message (8-bit reference). */
export function concatenationHeader(reference: number, total: number, sequence: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence]);
}

/** Measures the next unit of a text: how many code units it spans and how much room it takes. */
type UnitMeasure = (text: string, index: number) => { codeUnits: number; size: number };

const gsmUnit: UnitMeasure = (text, index) => ({ codeUnits: 1, size: gsmSeptetLengthAt(text, index) || 1 });

const ucs2Unit: UnitMeasure = (text, index) =>
  startsSurrogatePair(text, index) ? { codeUnits: 2, size: 2 } : { codeUnits: 1, size: 1 };

function splitText(
  text: string,
  total: number,
  single: number,
  perPart: number,
  measure: UnitMeasure,
): string[] {
  if (total <= single) return [text];
  const segments: string[] = [];
  let start = 0;
  let used = 0;
  for (let index = 0; index < text.length; ) {
    const unit = measure(text, index);
    if (used + unit.size > perPart) {
      segments.push(text.slice(start, index));
      start = index;
      used = 0;
    }
    used += unit.size;
    index += unit.codeUnits;
  }
  segments.push(text.slice(start));
  return segments;
}
