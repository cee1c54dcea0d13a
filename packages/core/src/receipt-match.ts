import type { ReceiptReport } from "@smskit/provider";
import type { MessageRecord } from "./message-record.js";

/** A receipt's message, and the receipt as about the id that message knows. */
export interface ReceiptMatch {
  readonly record: MessageRecord;
  readonly report: ReceiptReport;
}

/**
 * The message a receipt is about: the one with its id; else the one with one of its other
 * spellings (`alternativeIds`), when exactly one message has one — the report then as about that
 * spelling, which is how the record knows the part. `ambiguous` (and `onAmbiguous` is told how
 * many) when several do; undefined when none does.
 */
export async function matchReceipt(
  report: ReceiptReport,
  lookUp: (providerId: string) => Promise<MessageRecord | undefined>,
  onAmbiguous: (matches: number) => void,
): Promise<ReceiptMatch | "ambiguous" | undefined> {
  const { alternativeIds = [], ...exact } = report;
  const record = await lookUp(report.messageId);
  if (record) return { record, report: exact };
  const matches = new Map<string, ReceiptMatch>();
  for (const messageId of alternativeIds) {
    const other = await lookUp(messageId);
    if (other && !matches.has(other.id))
      matches.set(other.id, { record: other, report: { ...exact, messageId } });
  }
  if (matches.size > 1) {
    onAmbiguous(matches.size);
    return "ambiguous";
  }
  return matches.values().next().value;
}
