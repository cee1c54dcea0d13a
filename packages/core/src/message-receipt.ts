import type { ReceiptReport } from "@smskit/provider";
import type { MessageRecord, StatusEntry } from "./message-record.js";
import { advance, combineParts, isFinalStatus, type MessageStatus } from "./message-status.js";

/**
 * Apply a receipt to a record: always an entry in the history; a new status only when it moves
 * the message forward (for a message of several parts: the part forward, then the whole is
 * combined from its parts). Returns the history entry; `ignored` when nothing moved.
 */
export function applyReport(record: MessageRecord, report: ReceiptReport, now: number): StatusEntry {
  const at = report.at ?? now;
  const moved = move(record, report);
  const change: StatusEntry = {
    status: moved ? record.status : report.status === "unknown" ? record.status : report.status,
    at,
    source: "receipt",
    ...(record.messageIds.length > 1 ? { part: report.messageId } : {}),
    ...(report.errorCode === undefined ? {} : { errorCode: report.errorCode }),
    ...(report.raw === undefined ? {} : { raw: report.raw }),
    ...(moved ? {} : { ignored: true as const }),
  };
  record.history.push(change);
  record.updatedAt = now;
  return change;
}

/** Move the message (or its part) forward; false when the report changes nothing. */
function move(record: MessageRecord, report: ReceiptReport): boolean {
  if (record.messageIds.length <= 1) {
    const next = advance(record.status, report.status);
    if (next === undefined) return false;
    setStatus(record, next, report);
    return true;
  }
  if (isFinalStatus(record.status)) return false;
  record.partStatuses ??= Object.fromEntries(
    record.messageIds.map((id) => [id, "submitted" as MessageStatus]),
  );
  const parts = record.partStatuses;
  const next = advance(parts[report.messageId] ?? "submitted", report.status);
  if (next === undefined) return false;
  parts[report.messageId] = next;
  setStatus(record, combineParts(Object.values(parts)), report);
  return true;
}

function setStatus(record: MessageRecord, status: MessageStatus, report: ReceiptReport): void {
  record.status = status;
  if (report.errorCode !== undefined && isFinalStatus(status) && status !== "delivered") {
    record.errorCode = report.errorCode;
  }
}
