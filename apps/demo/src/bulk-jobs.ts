import { randomUUID } from "node:crypto";
import { type BulkEntry, type BulkProgress, isSmskitError, readBulkEntries, type Smskit } from "@smskit/core";
import type { InFlight } from "./in-flight.js";

/** One row's outcome, as the results download lists it. */
export interface BulkJobRow {
  readonly row: number;
  readonly line: number;
  readonly to: string;
  readonly outcome: "sent" | "failed" | "unknown" | "malformed";
  readonly id?: string;
  readonly code?: string;
}

/** What a client hears about a job: the counters, and whether it is over. */
export interface BulkJobState extends BulkProgress {
  readonly id: string;
  readonly target: string;
  readonly total: number;
  readonly malformed: number;
  readonly finished: boolean;
  /** Why the job stopped early (the file's header, say), when it did. */
  readonly error?: string;
}

/** A bulk send started from the web UI, held in memory with its results. */
class BulkJob {
  readonly id = randomUUID();
  readonly rows: BulkJobRow[] = [];
  readonly #listeners = new Set<(state: BulkJobState) => void>();
  #progress: BulkProgress = { started: 0, done: 0, sent: 0, failed: 0, unknown: 0, inFlight: 0 };
  #malformed = 0;
  #finished = false;
  #error: string | undefined;

  constructor(
    readonly target: string,
    readonly total: number,
  ) {}

  state(): BulkJobState {
    return {
      id: this.id,
      target: this.target,
      total: this.total,
      ...this.#progress,
      malformed: this.#malformed,
      finished: this.#finished,
      ...(this.#error === undefined ? {} : { error: this.#error }),
    };
  }

  /** Hear of every change until the job finishes; returns how to stop listening. */
  listen(listener: (state: BulkJobState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async run(smskit: Smskit, csv: string, message: string | undefined): Promise<void> {
    const select = (entry: BulkEntry) => {
      if (!("malformed" in entry)) return true;
      this.#malformed++;
      this.rows.push({ row: entry.row, line: entry.line, to: "", outcome: "malformed" });
      return false;
    };
    try {
      const entries = readBulkEntries([csv], { ...(message === undefined ? {} : { message }), select });
      await smskit.sendMany(entries as AsyncIterable<Extract<BulkEntry, { to: string }>>, {
        target: this.target,
        concurrency: 8,
        onResult: (outcome) => {
          const { row } = outcome;
          const id = outcome.result?.messageId;
          const code =
            outcome.error === undefined
              ? undefined
              : isSmskitError(outcome.error)
                ? outcome.error.code
                : "SMSKIT_E_INTERNAL";
          this.rows.push({
            row: row.row,
            line: row.line,
            to: row.to,
            outcome: outcome.outcome,
            ...(id === undefined ? {} : { id }),
            ...(code === undefined ? {} : { code }),
          });
        },
        onProgress: (progress) => {
          this.#progress = progress;
          this.#tell();
        },
      });
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    }
    this.#finished = true;
    this.#tell();
    this.#listeners.clear();
  }

  #tell(): void {
    const state = this.state();
    for (const listener of this.#listeners) listener(state);
  }
}

/** The bulk jobs of this server: the latest ones only. */
export class BulkJobs {
  readonly #jobs = new Map<string, BulkJob>();

  constructor(
    private readonly smskit: Smskit,
    private readonly sends: InFlight,
    private readonly keep = 10,
  ) {}

  /** Start sending a CSV file's rows to `target`; resolves with the job once it runs. */
  start(target: string, csv: string, message: string | undefined): BulkJob {
    const total = Math.max(0, csv.split("\n").filter((line) => line.trim() !== "").length - 1);
    const job = new BulkJob(target, total);
    this.#jobs.set(job.id, job);
    for (const id of this.#jobs.keys()) {
      if (this.#jobs.size <= this.keep) break;
      this.#jobs.delete(id);
    }
    this.sends.track(job.run(this.smskit, csv, message));
    return job;
  }

  get(id: string): BulkJob | undefined {
    return this.#jobs.get(id);
  }
}

/** The results as CSV (no message texts): row, line, to, outcome, id, code. */
export function resultsCsv(rows: readonly BulkJobRow[]): string {
  const quote = (value: string | number | undefined) => {
    const text = value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const sorted = [...rows].sort((a, b) => a.row - b.row);
  return `row,line,to,outcome,id,code\n${sorted.map((row) => [row.row, row.line, row.to, row.outcome, row.id, row.code].map(quote).join(",")).join("\n")}${sorted.length > 0 ? "\n" : ""}`;
}
