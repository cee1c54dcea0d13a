import { isSmsError } from "./errors.js";
import type { MessageInput, SendOptions, SendResult } from "./smskit-types.js";

/** One message of a bulk send. */
export interface BulkRow {
  /** The gateway or route; default: `SendManyOptions.target`. */
  readonly target?: string;
  /** The recipient. */
  readonly to: string;
  /** The text, or a push message. */
  readonly message: string | MessageInput;
  /** Send this row at most once per key (as `send`'s `idempotencyKey`). */
  readonly idempotencyKey?: string;
}

/** How a row's send ended: the three outcomes of every attempt (see DESIGN: sending semantics). */
export type BulkOutcomeKind = "sent" | "failed" | "unknown";

/** What became of one row, in the order the rows finish. */
export interface BulkOutcome<Row extends BulkRow = BulkRow> {
  /** The row's position in the input, from 0. */
  readonly index: number;
  readonly row: Row;
  /** sent; failed (definitely not delivered, a re-run may send it); unknown (may have gone out). */
  readonly outcome: BulkOutcomeKind;
  /** The send's result when sent. */
  readonly result?: SendResult;
  /** The error when not sent. */
  readonly error?: unknown;
  /** For a failed row: whether sending it again is safe (nothing reached a gateway, or it refused definitely). */
  readonly retrySafe?: boolean;
}

/** Counters of a bulk send so far. */
export interface BulkProgress {
  /** Rows taken from the input so far. */
  readonly started: number;
  /** Rows finished (sent + failed + unknown). */
  readonly done: number;
  readonly sent: number;
  readonly failed: number;
  readonly unknown: number;
  /** Rows being sent now. */
  readonly inFlight: number;
}

/** The end of a bulk send. */
export interface BulkSummary extends BulkProgress {
  /** Whether the signal stopped it before the input was exhausted. */
  readonly stopped: boolean;
}

/** Options of `sendMany`. */
export interface SendManyOptions<Row extends BulkRow = BulkRow> {
  /** The gateway or route for rows that name none. */
  readonly target?: string;
  /** How many rows are sent at once (default 16, 1 to 10,000). */
  readonly concurrency?: number;
  /** Stop taking rows; the rows in flight finish (they are not aborted). */
  readonly signal?: AbortSignal;
  /** Each send's deadline in milliseconds (default: the instance's `sendTimeoutMs`). */
  readonly timeoutMs?: number;
  /**
   * Called before a row is sent; the send waits for a returned promise (a journal makes the
   * row's start durable there, so that a crash leaves it `unknown`, never sent twice).
   */
  readonly onStart?: (row: Row, index: number) => void | Promise<void>;
  /**
   * Called once per finished row. When it returns a promise, the row's slot stays taken until it
   * settles: a slow consumer slows the sending down instead of piling up outcomes.
   */
  readonly onResult?: (outcome: BulkOutcome<Row>) => void | Promise<void>;
  /** Called after every finished row with the counters. */
  readonly onProgress?: (progress: BulkProgress) => void;
}

/** The single-send path `sendMany` goes through (the instance's `send`). */
export type SingleSend = (
  target: string,
  to: string,
  message: string | MessageInput,
  options: SendOptions,
) => Promise<SendResult>;

/**
 * Send every row of a (possibly asynchronous, possibly endless) iterable through `send`, at most
 * `concurrency` at a time. Rows are pulled only when a slot is free (backpressure: a million-row
 * input is never held in memory). Each row goes through the single-send path, so a route's
 * round-robin and breakers, rate limits, retries and idempotency apply to it as to any send.
 * An error of the input itself rejects once the rows in flight have finished.
 */
export async function sendMany<Row extends BulkRow>(
  send: SingleSend,
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: SendManyOptions<Row> = {},
): Promise<BulkSummary> {
  const concurrency = options.concurrency ?? 16;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) {
    throw new RangeError(`sendMany: concurrency must be an integer from 1 to 10000, got ${concurrency}`);
  }
  const run = new BulkRun(send, rows, options);
  const workers: Promise<void>[] = [];
  for (let slot = 0; slot < concurrency; slot++) workers.push(run.work());
  await Promise.all(workers);
  return run.finish();
}

class BulkRun<Row extends BulkRow> {
  readonly #send: SingleSend;
  readonly #iterator: Iterator<Row> | AsyncIterator<Row>;
  readonly #options: SendManyOptions<Row>;
  readonly #sendOptions: SendOptions;
  #started = 0;
  #sent = 0;
  #failed = 0;
  #unknown = 0;
  #exhausted = false;
  #inputError: { error: unknown } | undefined;

  constructor(send: SingleSend, rows: Iterable<Row> | AsyncIterable<Row>, options: SendManyOptions<Row>) {
    this.#send = send;
    this.#options = options;
    this.#iterator =
      Symbol.asyncIterator in rows
        ? (rows as AsyncIterable<Row>)[Symbol.asyncIterator]()
        : (rows as Iterable<Row>)[Symbol.iterator]();
    this.#sendOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  }

  /** One slot: take a row, send it, report it, until the input ends or the signal stops it. */
  async work(): Promise<void> {
    while (!this.#exhausted && this.#options.signal?.aborted !== true) {
      let next: IteratorResult<Row>;
      try {
        const pending = this.#iterator.next();
        next = pending instanceof Promise ? await pending : pending;
      } catch (error) {
        this.#inputError ??= { error };
        this.#exhausted = true;
        return;
      }
      if (next.done === true || this.#exhausted) {
        this.#exhausted = true;
        return;
      }
      await this.#sendRow(next.value, this.#started++);
    }
  }

  async #sendRow(row: Row, index: number): Promise<void> {
    const target = row.target ?? this.#options.target;
    let outcome: BulkOutcome<Row>;
    // Outside the try: a failing start hook (a journal that cannot be written) stops the run.
    const starting = this.#options.onStart?.(row, index);
    if (starting instanceof Promise) await starting;
    try {
      if (target === undefined)
        throw new TypeError(`sendMany: row ${index} names no target and no default target was given`);
      const options =
        row.idempotencyKey === undefined
          ? this.#sendOptions
          : { ...this.#sendOptions, idempotencyKey: row.idempotencyKey };
      const result = await this.#send(target, row.to, row.message, options);
      this.#sent++;
      outcome = { index, row, outcome: "sent", result };
    } catch (error) {
      const kind = outcomeOf(error);
      if (kind === "unknown") this.#unknown++;
      else this.#failed++;
      outcome = { index, row, outcome: kind, error, retrySafe: kind === "failed" && retrySafe(error) };
    }
    const reported = this.#options.onResult?.(outcome);
    if (reported instanceof Promise) await reported;
    this.#options.onProgress?.(this.#progress());
  }

  #progress(): BulkProgress {
    const done = this.#sent + this.#failed + this.#unknown;
    return {
      started: this.#started,
      done,
      sent: this.#sent,
      failed: this.#failed,
      unknown: this.#unknown,
      inFlight: this.#started - done,
    };
  }

  async finish(): Promise<BulkSummary> {
    const stopped = !this.#exhausted && this.#options.signal?.aborted === true;
    if (stopped) await this.#iterator.return?.();
    if (this.#inputError) throw this.#inputError.error;
    return { ...this.#progress(), stopped };
  }
}

/** A failed send's outcome: `unknown` when the message may have gone out, else `failed`. */
export function outcomeOf(error: unknown): "failed" | "unknown" {
  return isSmsError(error) && error.deliveryUnknown ? "unknown" : "failed";
}

/** Whether a send that failed with this error may be repeated: an SmsError says so; any other error came before sending. */
function retrySafe(error: unknown): boolean {
  return isSmsError(error) ? error.retrySafe : true;
}
