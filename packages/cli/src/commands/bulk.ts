import { constants, createReadStream } from "node:fs";
import { access, rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type BulkEntry, BulkJournal, isSmskitError, readBulkEntries, type Smskit } from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import { usageError } from "../usage-error.js";
import { countRows } from "./bulk-count.js";
import { capYoungGeneration } from "./bulk-heap.js";
import { noProgress, type ProgressDisplay, progressDisplay } from "./bulk-progress.js";
import {
  describeOutcome,
  journalOutcome,
  jsonNote,
  rowLine,
  type SendableEntry,
  summaryText,
  textNote,
} from "./bulk-report.js";
import type { Command, CommandContext } from "./command-context.js";

/** `smskit bulk`: its specification beside its handler. */
export const bulkCommand: Command = {
  spec: {
    path: ["bulk"],
    summary: "send a file of messages (CSV or JSON lines) through a gateway or route, resumably",
    details: [
      "FILE is CSV with a header row naming the columns 'to' and 'message' (or only 'to' with --message), or JSON lines with the same fields. Quoted CSV fields may hold commas, doubled quotes and line breaks; the file is UTF-8. A malformed row is reported with its line number and skipped; the others are sent.",
      "The journal (default FILE.journal) records each row before it is sent and its outcome after. Running the same command again continues: sent rows are skipped, failed and untried rows are sent, rows whose outcome is unknown (in flight when the process died, a timeout) are reported and not sent again unless --resend-unknown.",
      "The first Ctrl-C (SIGINT or SIGTERM) stops taking rows, lets the sends in flight finish, writes the journal and prints the summary; a second one exits at once. Exits 0 when every row was sent, 1 when some were not, 2 for usage errors.",
    ],
    arguments: [
      { name: "target", description: "the gateway or route to send through" },
      {
        name: "file",
        description: "the CSV or JSON-lines file; '-' reads standard input (then --journal is required)",
      },
    ],
    options: [
      {
        name: "message",
        value: "TEXT",
        description: "the text for every row (the file then needs only 'to')",
      },
      {
        name: "concurrency",
        value: "N",
        description: "how many messages are sent at once (default 16, at most 1000)",
      },
      {
        name: "journal",
        value: "PATH",
        description: "the journal file (default: FILE.journal beside the input)",
      },
      {
        name: "resend-unknown",
        description: "send rows again whose outcome is unknown (they may have gone out already: duplicates)",
      },
      {
        name: "json",
        description:
          'print one JSON line per row (row, line, to, outcome, id, code) and a final {"summary": …} line; no progress bar',
      },
    ],
    examples: [
      "smskit bulk notify recipients.csv",
      "smskit bulk otp-route numbers.csv --message 'Maintenance tonight 22:00' --concurrency 32",
      "generate-rows | smskit bulk notify - --journal /var/lib/smskit/run-42.journal --json",
    ],
  },
  store: "read",
  run: bulkSend,
};

interface Counters {
  malformed: number;
  alreadySent: number;
  held: number;
}

async function bulkSend({ io, flags, arguments: args, smskit }: CommandContext): Promise<number> {
  const [target = "", file = ""] = args;
  const concurrency = parseConcurrency(flags.concurrency);
  if (file === "-" && flags.journal === undefined) {
    throw usageError(
      "'smskit bulk' reading standard input needs --journal PATH (where the outcome of each row is kept)",
    );
  }
  await checkTarget(smskit, target);
  const input = file === "-" ? undefined : resolve(io.cwd, file);
  const journalPath = resolve(io.cwd, flags.journal ?? `${file}.journal`);
  if (input !== undefined) await checkReadable(input, file);
  // Small chunks: each chunk's rows wait in memory for a free slot, and fewer of them surviving
  // the young generation's collections keeps the resident set flat.
  const source = input === undefined ? io.stdin : createReadStream(input, { highWaterMark: 16 * 1024 });
  const journal = await BulkJournal.open(journalPath, target);
  const json = flags.json === true;
  const resendUnknown = flags["resend-unknown"] === true;
  const counters: Counters = { malformed: 0, alreadySent: 0, held: 0 };
  const total = !json && input !== undefined && isTerminal(io.stderr) ? await countRows(input) : undefined;
  const bar: ProgressDisplay = json ? noProgress : await progressDisplay(io.stderr as never, total);
  const controller = new AbortController();
  const signals = watchSignals(io, controller, journal, bar);
  const stopHeapCheck = capYoungGeneration();
  const report = (line: string) => (json ? io.stdout.write(`${line}\n`) : io.stderr.write(`${line}\n`));
  try {
    const select = selectPending(journal, resendUnknown, counters, json ? jsonNote(io) : textNote(io, bar));
    const rows = readBulkEntries(source as AsyncIterable<Uint8Array>, {
      ...(flags.message === undefined ? {} : { message: flags.message }),
      select,
    }) as AsyncIterable<SendableEntry>;
    const summary = await smskit.sendMany(rows, {
      target,
      concurrency,
      signal: controller.signal,
      onStart: (row) => journal.started(row.row),
      onResult: (outcome) => {
        journal.finished(outcome.row.row, journalOutcome(outcome));
        if (json) io.stdout.write(`${JSON.stringify(rowLine(outcome))}\n`);
        else if (outcome.outcome !== "sent") {
          bar.stop();
          report(describeOutcome(outcome));
        }
      },
      onProgress: (progress) => {
        bar.update({ ...progress, done: progress.done + counters.alreadySent });
      },
    });
    bar.stop();
    await journal.close();
    const totals = {
      sent: summary.sent,
      failed: summary.failed,
      unknown: summary.unknown,
      malformed: counters.malformed,
      alreadySent: counters.alreadySent,
      unknownNotResent: counters.held,
      stopped: summary.stopped,
      journal: journalPath,
    };
    if (json) io.stdout.write(`${JSON.stringify({ summary: totals })}\n`);
    else io.stdout.write(`${summaryText(totals)}\n`);
    const complete =
      !summary.stopped && summary.failed + summary.unknown + counters.malformed + counters.held === 0;
    return complete ? 0 : 1;
  } catch (error) {
    bar.stop();
    await journal.close().catch(() => undefined);
    // A refused input (no 'to' column) leaves no journal behind.
    if (journal.recorded === 0 && journal.created) await rm(journalPath, { force: true });
    throw error;
  } finally {
    signals.dispose();
    stopHeapCheck();
  }
}

/**
 * Which entries are still to send: malformed ones are reported, sent rows skipped, rows whose
 * outcome is unknown reported (and held unless --resend-unknown).
 */
function selectPending(
  journal: BulkJournal,
  resendUnknown: boolean,
  counters: Counters,
  note: (entry: BulkEntry, outcome: string, why: string) => void,
): (entry: BulkEntry) => boolean {
  return (entry) => {
    if ("malformed" in entry) {
      counters.malformed++;
      note(entry, "malformed", `line ${entry.line} ${entry.malformed}`);
      return false;
    }
    const state = journal.state(entry.row);
    if (state === "sent") {
      counters.alreadySent++;
      return false;
    }
    if ((state === "started" || state === "unknown" || state === "refused") && !resendUnknown) {
      counters.held++;
      note(
        entry,
        "unknown-held",
        state === "refused"
          ? "failed earlier without a safe retry; not sent again (--resend-unknown sends it)"
          : "outcome unknown from an earlier run (it may have gone out); not sent again (--resend-unknown sends it)",
      );
      return false;
    }
    return true;
  };
}

/** SIGINT/SIGTERM: the first stops taking rows, the second exits at once (the journal written as it stands). */
function watchSignals(io: CliIo, controller: AbortController, journal: BulkJournal, bar: ProgressDisplay) {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      controller.abort();
      bar.stop();
      io.stderr.write(
        `${signal}: no more rows are taken; waiting for the sends in flight (again to exit at once)\n`,
      );
      return;
    }
    journal.flushNow();
    io.stderr.write(`${signal}: exiting now; rows in flight count as unknown\n`);
    process.exit(130);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

async function checkTarget(smskit: Smskit, target: string): Promise<void> {
  if ((await smskit.getGateway(target)) !== undefined) return;
  if ((await smskit.getRoute(target)) !== undefined) return;
  throw usageError(
    `'${target}' is neither a gateway nor a route; list them with 'smskit gateway list' and 'smskit route list'`,
  );
}

async function checkReadable(path: string, file: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if (!(await stat(path)).isFile()) throw usageError(`${file} is not a file`);
  } catch (error) {
    if (isSmskitError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(
      `cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code)}`,
    );
  }
}

function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return 16;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 1000) {
    throw usageError(`--concurrency expects a whole number from 1 to 1000, got ${JSON.stringify(text)}`);
  }
  return value;
}

function isTerminal(sink: unknown): boolean {
  return (sink as { isTTY?: boolean }).isTTY === true;
}
