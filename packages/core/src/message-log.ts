import type { DeliveryReceipt, ReceiptReport } from "@smskit/provider";
import type { Logger } from "./logger.js";
import { applyReport } from "./message-receipt.js";
import {
  keepRecipient,
  type MessageQuery,
  type MessageRecord,
  type RecipientPolicy,
  type StatusChange,
  type StatusEntry,
} from "./message-record.js";
import type { MessageStatus } from "./message-status.js";
import { ReceiptMetrics } from "./receipt-metrics.js";
import type { MessageStore } from "./store/message-store.js";
import { UlidGenerator } from "./ulid.js";

/** Settings of the message log (`createSmskit({ messageLog })`). */
export interface MessageLogOptions {
  /** Keep a record of every send (default true). */
  enabled?: boolean;
  /** How recipients are kept: `full`, `masked` to the last 4 characters (default) or `none`. */
  recipients?: RecipientPolicy;
  /** How long records are kept, in milliseconds (default 30 days). */
  retentionMs?: number;
  /**
   * How long a record waits in the queue at most before the queue goes to the store in one
   * transaction, in milliseconds (default 25; a queue of 1000 records goes at once). A commit costs
   * the same for 1 record as for 100: longer waits mean fewer commits.
   */
  flushIntervalMs?: number;
  /** How long a receipt whose message is not known yet waits for it, in milliseconds (default 10 minutes). */
  orphanTtlMs?: number;
}

/** What listeners of the `status` event receive: a message's status changed (or it was created). */
export interface StatusEvent {
  readonly id: string;
  readonly gateway: string | undefined;
  readonly status: MessageStatus;
  /** The status before; undefined for a new message. */
  readonly previous: MessageStatus | undefined;
  readonly change: StatusChange;
}

/** What a finished send gives the log. */
export interface LoggedSend extends DeliveryReceipt {
  readonly gateway: string;
  readonly provider: string;
  readonly to: string;
}

interface Orphan {
  readonly report: ReceiptReport;
  readonly expiresAt: number;
}

const hourMs = 60 * 60 * 1000;
/** A queue this long goes to the store without waiting for the timer. */
const maximumBatch = 1000;

/**
 * The message log: a record per send, written behind the send path (queued, flushed every few
 * milliseconds in one transaction), and the receipts that move records along.
 */
export class MessageLog {
  readonly enabled: boolean;
  readonly metrics = new ReceiptMetrics();
  readonly #store: MessageStore;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #ids: UlidGenerator;
  readonly #recipients: RecipientPolicy;
  readonly #retentionMs: number;
  readonly #flushIntervalMs: number;
  readonly #orphanTtlMs: number;
  readonly #onChange: (event: StatusEvent) => void;
  readonly #listening: () => boolean;
  /** Records not yet written (a record changed twice may be in it twice: the write is an upsert). */
  #pending: MessageRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  /** Receipts processed one at a time: each reads, changes and queues its record. */
  #receipts: Promise<unknown> = Promise.resolve();
  readonly #orphans = new Map<string, Orphan[]>();
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    store: MessageStore,
    options: MessageLogOptions,
    dependencies: {
      logger: Logger;
      now: () => number;
      /** Whether anyone listens for status events (none are built otherwise). */
      listening: () => boolean;
      onChange: (event: StatusEvent) => void;
    },
  ) {
    this.enabled = options.enabled !== false;
    this.#store = store;
    this.#logger = dependencies.logger;
    this.#now = dependencies.now;
    this.#ids = new UlidGenerator(dependencies.now);
    this.#recipients = options.recipients ?? "masked";
    this.#retentionMs = options.retentionMs ?? 30 * 24 * hourMs;
    this.#flushIntervalMs = options.flushIntervalMs ?? 25;
    this.#orphanTtlMs = options.orphanTtlMs ?? 10 * 60 * 1000;
    this.#onChange = dependencies.onChange;
    this.#listening = dependencies.listening;
  }

  /** A new message id. */
  nextId(): string {
    return this.#ids.next();
  }

  /** Record a send the gateway accepted (status `submitted`), and match receipts that came before it. */
  sent(id: string, target: string, result: LoggedSend): void {
    const now = this.#now();
    const messageIds = result.messageIds
      ? [...result.messageIds]
      : result.messageId === undefined
        ? []
        : [result.messageId];
    const change: StatusEntry = { status: "submitted", at: now, source: "send" };
    const record: MessageRecord = {
      id,
      target,
      gateway: result.gateway,
      provider: result.provider,
      to: keepRecipient(result.to, this.#recipients),
      status: "submitted",
      messageIds,
      partStatuses: undefined,
      parts: result.parts,
      encoding: typeof result.details?.encoding === "string" ? result.details.encoding : undefined,
      errorCode: undefined,
      createdAt: now,
      updatedAt: now,
      history: [change],
    };
    this.#queue(record);
    if (this.#listening()) {
      this.#onChange({
        id,
        gateway: record.gateway,
        status: "submitted",
        previous: undefined,
        change: viewOfChange(change),
      });
    }
    if (this.#orphans.size > 0 && messageIds.length > 0) this.#adoptOrphans(record);
  }

  /** Record a send that failed (`failed`) or whose outcome is unknown (`unknown`). */
  failed(
    id: string,
    target: string,
    to: string,
    failure: { gateway?: string | undefined; provider?: string | undefined; code: string; unknown: boolean },
  ): void {
    const now = this.#now();
    const status: MessageStatus = failure.unknown ? "unknown" : "failed";
    const change: StatusEntry = {
      status,
      at: now,
      source: "send",
      errorCode: failure.code,
    };
    this.#queue({
      id,
      target,
      gateway: failure.gateway,
      provider: failure.provider,
      to: keepRecipient(to, this.#recipients),
      status,
      messageIds: [],
      partStatuses: undefined,
      parts: undefined,
      encoding: undefined,
      errorCode: failure.code,
      createdAt: now,
      updatedAt: now,
      history: [change],
    });
    if (this.#listening()) {
      this.#onChange({
        id,
        gateway: failure.gateway,
        status,
        previous: undefined,
        change: viewOfChange(change),
      });
    }
  }

  /** Record a message's new state built elsewhere (the queue's worker), and tell listeners. */
  update(record: MessageRecord): void {
    if (!this.enabled) return;
    this.#queue(record);
    const change = record.history.at(-1);
    if (change && this.#listening()) {
      const previous = record.history.at(-2)?.status;
      this.#onChange({
        id: record.id,
        gateway: record.gateway,
        status: record.status,
        previous,
        change: viewOfChange(change),
      });
    }
  }

  /**
   * Apply a receipt of a gateway. Resolves with the message's id, or undefined when no message
   * has that gateway id yet (the receipt is then kept and matched when the send's answer comes).
   */
  receipt(gateway: string, report: ReceiptReport): Promise<string | undefined> {
    this.metrics.receipt(gateway, report.status);
    const work = this.#receipts.then(async () => {
      await this.flush();
      const record =
        (await this.#store.findMessageByProviderId(gateway, report.messageId)) ??
        this.#pendingWith(gateway, report.messageId);
      if (!record) {
        this.#keepOrphan(gateway, report);
        return undefined;
      }
      this.#apply(record, report);
      return record.id;
    });
    this.#receipts = work.catch(() => {});
    return work;
  }

  /** A record (after the receipts in progress): the queued version if it is not written yet, else the stored one. */
  async get(id: string): Promise<MessageRecord | undefined> {
    await this.#receipts;
    const pending = this.#pending.findLast((record) => record.id === id);
    if (pending) return structuredClone(pending);
    // It may be in a batch on its way to the store.
    await this.#flushing;
    return this.#store.getMessage(id);
  }

  /** Matching records, newest first (queued writes are flushed first). */
  async list(query: MessageQuery): Promise<MessageRecord[]> {
    await this.#receipts;
    await this.flush();
    return this.#store.listMessages(query);
  }

  /** Write every queued record now. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return this.#flushing;
    const batch = this.#pending;
    this.#pending = [];
    const previous = this.#flushing;
    this.#flushing = previous.then(() => this.#write(batch));
    return this.#flushing;
  }

  /** Flush and wait for receipts in progress; called on close. */
  async close(): Promise<void> {
    await this.#receipts;
    await this.flush();
  }

  async #write(batch: MessageRecord[]): Promise<void> {
    try {
      await this.#store.writeMessages(batch);
    } catch (error) {
      this.#logger.warn("message log: writing records failed; they are dropped", {
        records: batch.length,
        error: (error as Error).message,
      });
    }
    const now = this.#now();
    if (now - this.#prunedAt >= hourMs) {
      this.#prunedAt = now;
      try {
        await this.#store.pruneMessages(now - this.#retentionMs);
      } catch (error) {
        this.#logger.warn("message log: pruning failed", { error: (error as Error).message });
      }
    }
  }

  #queue(record: MessageRecord): void {
    if (this.#pending.push(record) >= maximumBatch) {
      void this.flush();
      return;
    }
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.#flushIntervalMs);
      this.#timer.unref();
    }
  }

  #apply(record: MessageRecord, report: ReceiptReport): void {
    const previous = record.status;
    const change = applyReport(record, report, this.#now());
    this.#queue(record);
    if (change.ignored) return;
    if (record.status === "delivered" && previous !== "delivered" && record.gateway !== undefined) {
      this.metrics.delivered(record.gateway, Math.max(0, (record.updatedAt - record.createdAt) / 1000));
    }
    if (this.#listening()) {
      this.#onChange({
        id: record.id,
        gateway: record.gateway,
        status: record.status,
        previous,
        change: viewOfChange(change),
      });
    }
  }

  /** A queued record (sent while this receipt was being looked up) with this gateway id. */
  #pendingWith(gateway: string, providerId: string): MessageRecord | undefined {
    for (const record of this.#pending) {
      if (record.gateway === gateway && record.messageIds.includes(providerId)) return record;
    }
    return undefined;
  }

  #keepOrphan(gateway: string, report: ReceiptReport): void {
    const now = this.#now();
    for (const [key, orphans] of this.#orphans) {
      if (orphans.every((orphan) => orphan.expiresAt <= now)) this.#orphans.delete(key);
    }
    const key = `${gateway}\u0000${report.messageId}`;
    const list = this.#orphans.get(key) ?? [];
    list.push({ report, expiresAt: now + this.#orphanTtlMs });
    this.#orphans.set(key, list);
  }

  #adoptOrphans(record: MessageRecord): void {
    for (const providerId of record.messageIds) {
      const key = `${record.gateway}\u0000${providerId}`;
      const orphans = this.#orphans.get(key);
      if (!orphans) continue;
      this.#orphans.delete(key);
      for (const orphan of orphans) this.#apply(record, orphan.report);
    }
  }
}

function viewOfChange(entry: StatusEntry): StatusChange {
  return { ...entry, at: new Date(entry.at).toISOString() };
}
