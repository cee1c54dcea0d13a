import { type BulkEntry, type BulkOutcome, isSmskitError } from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import type { ProgressDisplay } from "./bulk-progress.js";

// What `smskit bulk` prints and journals about each row, and its closing summary.

/** The rows `smskit bulk` sends: entries with a recipient. */
export type SendableEntry = Extract<BulkEntry, { to: string }>;

/** A note about a row that is not sent, as a JSON line on standard output. */
export function jsonNote(io: CliIo) {
  return (entry: BulkEntry, outcome: string, why: string) => {
    const to = "to" in entry ? { to: entry.to } : {};
    io.stdout.write(`${JSON.stringify({ row: entry.row, line: entry.line, ...to, outcome, reason: why })}\n`);
  };
}

/** A note about a row that is not sent, as a line on standard error. */
export function textNote(io: CliIo, bar: ProgressDisplay) {
  return (entry: BulkEntry, _outcome: string, why: string) => {
    bar.stop();
    const to = "to" in entry ? ` (${entry.to})` : "";
    io.stderr.write(`row ${entry.row}${to}: ${why}\n`);
  };
}

/** What the journal records for a row's outcome (a failure without a safe retry is `refused`). */
export function journalOutcome(
  outcome: BulkOutcome<SendableEntry>,
): "sent" | "failed" | "refused" | "unknown" {
  if (outcome.outcome === "failed") return outcome.retrySafe ? "failed" : "refused";
  return outcome.outcome;
}

/** A row's outcome as a JSON line. */
export function rowLine(outcome: BulkOutcome<SendableEntry>): Record<string, unknown> {
  const { row } = outcome;
  const base = { row: row.row, line: row.line, to: row.to, outcome: outcome.outcome };
  if (outcome.result) return { ...base, id: outcome.result.messageId, gateway: outcome.result.gateway };
  return { ...base, code: errorCode(outcome.error), retrySafe: outcome.retrySafe };
}

/** A row that was not sent, in words. */
export function describeOutcome(outcome: BulkOutcome<SendableEntry>): string {
  const { row } = outcome;
  const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  return `row ${row.row} (${row.to}, line ${row.line}): ${outcome.outcome}: ${message} (${errorCode(outcome.error)})`;
}

function errorCode(error: unknown): string {
  return isSmskitError(error) ? error.code : "SMSKIT_E_INTERNAL";
}

/** The closing summary line. */
export function summaryText(totals: {
  sent: number;
  failed: number;
  unknown: number;
  malformed: number;
  alreadySent: number;
  unknownNotResent: number;
  stopped: boolean;
  journal: string;
}): string {
  const parts = [
    `${totals.sent} sent`,
    `${totals.failed} failed`,
    `${totals.unknown} unknown`,
    `${totals.malformed} malformed`,
    `${totals.alreadySent} already sent earlier`,
    `${totals.unknownNotResent} unknown from earlier, not resent`,
  ];
  const stopped = totals.stopped ? "Stopped before the end; run the same command again to continue. " : "";
  return `${stopped}Bulk: ${parts.join(", ")}. Journal: ${totals.journal}`;
}
