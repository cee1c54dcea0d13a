import type { ReceiptReport, ReceiptStatus } from "@smskit/provider";

/** What a `deliver_sm` / `data_sm` carrying a delivery receipt holds, as the session reads it. */
export interface ReceiptPdu {
  /** The short message (or message_payload): the receipt's text form. */
  readonly text: string;
  /** The TLV receipted_message_id, when present. */
  readonly receiptedMessageId?: string | undefined;
  /** The TLV message_state, when present (SMPP 3.4 §5.3.2.35). */
  readonly messageState?: number | undefined;
  /** The recipient of the original message (the receipt's source_addr). */
  readonly sourceAddr?: string | undefined;
}

/** message_state values (SMPP 3.4) as smskit statuses. */
const stateStatuses: Readonly<Record<number, ReceiptStatus>> = {
  1: "enroute",
  2: "delivered",
  3: "expired",
  4: "undelivered",
  5: "undelivered",
  6: "enroute",
  7: "unknown",
  8: "rejected",
};

/** The text form's `stat` words (SMPP 3.4 Appendix B) as smskit statuses. */
const statWords: Readonly<Record<string, ReceiptStatus>> = {
  DELIVRD: "delivered",
  UNDELIV: "undelivered",
  DELETED: "undelivered",
  EXPIRED: "expired",
  REJECTD: "rejected",
  ENROUTE: "enroute",
  ACCEPTD: "enroute",
  UNKNOWN: "unknown",
};

/**
 * Read a delivery receipt: the TLVs `receipted_message_id` and `message_state` win over the text;
 * otherwise the text form `id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…`,
 * tolerant of what SMSCs send (missing `sub`/`dlvrd`, empty or `-` text, `Text:` capitalised, any
 * id shape, 10- or 12-digit dates). Undefined when the PDU is not a receipt. `raw` keeps the text
 * without the `text:` field (a piece of the message) and with the recipient masked by `mask`.
 */
export function parseDeliveryReceipt(
  pdu: ReceiptPdu,
  mask: (recipient: string) => string | undefined,
): ReceiptReport | undefined {
  const fields = textFields(pdu.text);
  const messageId = nonEmpty(pdu.receiptedMessageId) ?? fields.id;
  if (messageId === undefined) return undefined;
  const fromState = pdu.messageState === undefined ? undefined : stateStatuses[pdu.messageState];
  const fromText =
    fields.stat === undefined ? undefined : (statWords[fields.stat.toUpperCase()] ?? "unknown");
  const status = (pdu.receiptedMessageId && fromState) || fromText || fromState;
  if (status === undefined) return undefined;
  const at = fields.doneDate === undefined ? undefined : smppDate(fields.doneDate);
  const errorCode = fields.err !== undefined && !/^0+$/.test(fields.err) ? fields.err : undefined;
  const recipient = pdu.sourceAddr ? mask(pdu.sourceAddr) : undefined;
  const raw = `${recipient === undefined ? "" : `from ${recipient}: `}${withoutText(pdu.text)}`.trim();
  return { messageId, status, ...(at === undefined ? {} : { at }), ...(errorCode ? { errorCode } : {}), raw };
}

interface TextFields {
  readonly id?: string | undefined;
  readonly stat?: string | undefined;
  readonly err?: string | undefined;
  readonly doneDate?: string | undefined;
}

function textFields(text: string): TextFields {
  const head = withoutText(text);
  return {
    id: /(?:^|\s)id:\s*([^\s]+)/i.exec(head)?.[1],
    stat: /(?:^|\s)stat:\s*([A-Za-z]+)/i.exec(head)?.[1],
    err: /(?:^|\s)err:\s*([0-9A-Za-z]+)/i.exec(head)?.[1],
    doneDate: /done\s*date:\s*(\d{12}|\d{10})(?!\d)/i.exec(head)?.[1],
  };
}

/** The text form without its `text:` field (the first characters of the message), to the end. */
function withoutText(text: string): string {
  const index = text.search(/(?:^|\s)text:/i);
  return index < 0 ? text : text.slice(0, index);
}

/** YYMMDDhhmm[ss] (taken as UTC) in milliseconds since the epoch; undefined when not a real time. */
function smppDate(digits: string): number | undefined {
  const part = (start: number) => Number(digits.slice(start, start + 2));
  const time = Date.UTC(
    2000 + part(0),
    part(2) - 1,
    part(4),
    part(6),
    part(8),
    digits.length === 12 ? part(10) : 0,
  );
  const date = new Date(time);
  return date.getUTCDate() === part(4) && date.getUTCHours() === part(6) ? time : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\0+$/, "").trim();
  return trimmed ? trimmed : undefined;
}
