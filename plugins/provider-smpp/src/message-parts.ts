import { encodeGsm, encodeUcs2, type MessagePlan, planMessage } from "@smskit/sms-encoding";

/** The `esm_class` bit saying that `short_message` starts with a user data header. */
export const UDH_INDICATOR = 0x40;

/** A text ready for `submit_sm`: one `short_message` per part. */
export interface EncodedMessage extends MessagePlan {
  /** `esm_class`: 0, or `UDH_INDICATOR` when the text is split. */
  readonly esmClass: number;
  /** Each part's `short_message` octets, the concatenation header first when split. */
  readonly parts: readonly Buffer[];
}

/**
 * Encode a text as the `short_message` octets of each part. The encoding and the split come
 * from `@smskit/sms-encoding` (the same code as `analyzeMessage`); a split text gets the 8-bit
 * concatenation header `05 00 03 reference total sequence` in every part.
 */
export function encodeMessage(text: string, reference: number): EncodedMessage {
  const plan = planMessage(text);
  const encode = plan.encoding === "gsm7" ? encodeGsm : encodeUcs2;
  const total = plan.segments.length;
  if (total === 1) return { ...plan, esmClass: 0, parts: [asBuffer(encode(plan.segments[0] ?? ""))] };
  const parts = plan.segments.map((segment, index) =>
    Buffer.concat([concatenationHeader(reference, total, index + 1), encode(segment)]),
  );
  return { ...plan, esmClass: UDH_INDICATOR, parts };
}

/** The user data header of one part of a concatenated message (8-bit reference). */
export function concatenationHeader(reference: number, total: number, sequence: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence]);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
