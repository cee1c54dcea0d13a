import type { ReceiptReport } from "@smskit/provider";
import type { MessageRecord } from "./message-record.js";

/** A receipt's message, and the receipt as about the id that message knows. */
export interface ReceiptMatch {
  readonly record: MessageRecord;
  readonly report: ReceiptReport;
}

/** What looking a receipt up found: its match, several (ambiguous: `matches` of them), or nothing. */
export type ReceiptLookup = ReceiptMatch | { readonly ambiguous: number } | undefined;

/**
 * The message a receipt is about: the one with its id; else the one with one of its other
 * spellings (`alternativeIds`), when exactly one message has one — the report then as about that
 * spelling, which is how the record knows the part. Ambiguous when several do.
 */
export async function matchReceipt(
  report: ReceiptReport,
  lookUp: (providerId: string) => Promise<MessageRecord | undefined>,
): Promise<ReceiptLookup> {
  const exact = await lookUp(report.messageId);
  if (exact) return pick(report, [exact]);
  const others: (MessageRecord | undefined)[] = [undefined];
  for (const messageId of report.alternativeIds ?? []) others.push(await lookUp(messageId));
  return pick(report, others);
}

/** `matchReceipt` over records at hand (no waiting between the look-ups). */
export function matchReceiptNow(
  report: ReceiptReport,
  lookUp: (providerId: string) => MessageRecord | undefined,
): ReceiptLookup {
  return pick(report, [report.messageId, ...(report.alternativeIds ?? [])].map(lookUp));
}

/** `found[0]` is the record with the receipt's own id, `found[i]` the one with `alternativeIds[i - 1]`. */
function pick(report: ReceiptReport, found: readonly (MessageRecord | undefined)[]): ReceiptLookup {
  const { alternativeIds = [], ...exact } = report;
  const own = found[0];
  if (own) return { record: own, report: exact };
  const matches = new Map<string, ReceiptMatch>();
  found.forEach((record, index) => {
    const messageId = alternativeIds[index - 1];
    if (record && messageId !== undefined && !matches.has(record.id))
      matches.set(record.id, { record, report: { ...exact, messageId } });
  });
  if (matches.size > 1) return { ambiguous: matches.size };
  return matches.values().next().value;
}
