import type { ReceiptReport } from "@smskit/provider";
import type { PDU } from "smpp";
import { parseDeliveryReceipt } from "./delivery-receipt.js";

/** esm_class bits 2–5 (message type) of an SMSC delivery receipt. */
const RECEIPT_TYPE = 0x04;

/**
 * The report a deliver_sm / data_sm holds when it is a delivery receipt (its esm_class says so, or
 * it carries receipted_message_id); undefined for a mobile-originated message. The recipient in
 * the raw receipt is masked to its last 4 digits.
 */
export function receiptOfPdu(pdu: PDU): ReceiptReport | undefined {
  const fields = pdu as unknown as Record<string, unknown>;
  const receiptedMessageId =
    typeof fields.receipted_message_id === "string" ? fields.receipted_message_id : undefined;
  const esmClass = typeof fields.esm_class === "number" ? fields.esm_class : 0;
  if ((esmClass & 0x3c) !== RECEIPT_TYPE && receiptedMessageId === undefined) return undefined;
  return parseDeliveryReceipt(
    {
      text: messageText(fields.short_message) || messageText(fields.message_payload),
      receiptedMessageId,
      messageState: typeof fields.message_state === "number" ? fields.message_state : undefined,
      sourceAddr: typeof fields.source_addr === "string" ? fields.source_addr : undefined,
    },
    (recipient) =>
      recipient.length <= 4
        ? "*".repeat(recipient.length)
        : "*".repeat(recipient.length - 4) + recipient.slice(-4),
  );
}

/** The `smpp` package decodes a short_message to `{ message }` (text or octets) or leaves a Buffer. */
function messageText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("latin1");
  if (value !== null && typeof value === "object" && "message" in value)
    return messageText((value as { message: unknown }).message);
  return "";
}
