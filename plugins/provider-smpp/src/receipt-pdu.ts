import type { ReceiptReport } from "@smskit/provider";
import type { PDU } from "smpp";
import { parseDeliveryReceipt } from "./delivery-receipt.js";
import { receiptIdForms } from "./receipt-id-forms.js";

/** esm_class bits 2–5 (message type) of an SMSC delivery receipt. */
const RECEIPT_TYPE = 0x04;

/**
 * The report a deliver_sm / data_sm holds when it is a delivery receipt (its esm_class says so, or
 * it carries receipted_message_id); undefined for a mobile-originated message. The recipient
 * (source_addr) is given apart from the raw receipt, for the message log to keep as its recipient
 * setting says; a numeric id comes with its other spellings (`receiptIdForms`).
 */
export function receiptOfPdu(pdu: PDU): ReceiptReport | undefined {
  const fields = pdu as unknown as Record<string, unknown>;
  const receiptedMessageId =
    typeof fields.receipted_message_id === "string" ? fields.receipted_message_id : undefined;
  const esmClass = typeof fields.esm_class === "number" ? fields.esm_class : 0;
  if ((esmClass & 0x3c) !== RECEIPT_TYPE && receiptedMessageId === undefined) return undefined;
  const sourceAddr = typeof fields.source_addr === "string" ? fields.source_addr.trim() : "";
  const report = parseDeliveryReceipt(
    {
      text: messageText(fields.short_message) || messageText(fields.message_payload),
      receiptedMessageId,
      messageState: typeof fields.message_state === "number" ? fields.message_state : undefined,
      sourceAddr,
    },
    // Not in the raw text: the message log adds it as its recipient setting says.
    () => undefined,
  );
  if (report === undefined) return undefined;
  const alternativeIds = receiptIdForms(report.messageId);
  return {
    ...report,
    ...(alternativeIds.length > 0 ? { alternativeIds } : {}),
    ...(sourceAddr === "" ? {} : { recipient: sourceAddr }),
  };
}

/** The `smpp` package decodes a short_message to `{ message }` (text or octets) or leaves a Buffer. */
function messageText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("latin1");
  if (value !== null && typeof value === "object" && "message" in value)
    return messageText((value as { message: unknown }).message);
  return "";
}
