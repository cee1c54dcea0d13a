import type { ReceiptReport } from "@smskit/provider";
import type { Logger } from "./logger.js";
import type { LoggedSend, MessageLogOptions, StatusEvent } from "./message-log-options.js";
import { MessageLogWriter } from "./message-log-writer.js";
import { applyReport } from "./message-receipt.js";
import {
  keepReceiptRecipient,
  keepRecipient,
  type MessageQuery,
  type MessageRecord,
  type RecipientPolicy,
  type StatusChange,
  type StatusEntry,
} from "./message-record.js";
import type { MessageStatus } from "./message-status.js";
import { matchReceipt, matchReceiptNow } from "./receipt-match.js";
import { ReceiptMetrics } from "./receipt-metrics.js";
import { ReceiptOrphans } from "./receipt-orphans.js";
import type { MessageStore } from "./store/message-store.js";
import { UlidGenerator } from "./ulid.js";

export type { LoggedSend, MessageLogOptions, StatusEvent } from "./message-log-options.js";

const hourMs = 60 * 60 * 1000;

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
  readonly #onChange: (event: StatusEvent) => void;
  readonly #listening: () => boolean;
  readonly #writer: MessageLogWriter;
  /** Receipts processed one at a time: each reads, changes and queues its record. */
  #receipts: Promise<unknown> = Promise.resolve();
  readonly #orphans: ReceiptOrphans;

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
    this.#writer = new MessageLogWriter(store, {
      retentionMs: options.retentionMs ?? 30 * 24 * hourMs,
      flushIntervalMs: options.flushIntervalMs ?? 25,
      logger: dependencies.logger,
      now: dependencies.now,
    });
    this.#orphans = new ReceiptOrphans(
      options.orphanTtlMs ?? 10 * 60 * 1000,
      options.orphanLimit ?? 10_000,
      dependencies.now,
    );
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
    this.#writer.add(record);
    if (this.#listening()) {
      this.#onChange({
        id,
        gateway: record.gateway,
        status: "submitted",
        previous: undefined,
        change: viewOfChange(change),
      });
    }
    if (messageIds.length > 0) this.#adoptOrphans(record);
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
    this.#writer.add({
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
    this.#writer.add(record);
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
  receipt(gateway: string, received: ReceiptReport): Promise<string | undefined> {
    this.metrics.receipt(gateway, received.status);
    const report = keepReceiptRecipient(received, this.#recipients);
    const work = this.#receipts.then(async () => {
      for (let attempt = 1; ; attempt++) {
        await this.flush();
        const batches = this.#writer.batches;
        let found = await matchReceipt(report, (id) => this.#lookUp(gateway, id));
        // A batch went out while the store was asked: ask again (its records may have been missed).
        if (found === undefined && this.#writer.batches !== batches && attempt < 3) continue;
        // Sent while the store was asked: still in the queue, and its send matched no waiting receipt.
        found ??= matchReceiptNow(report, (id) => this.#writer.withProviderId(gateway, id));
        if (found === undefined) {
          this.#keepOrphan(gateway, report);
          return undefined;
        }
        if ("ambiguous" in found) {
          this.#logger.warn(
            "message log: a receipt's id matches several messages in other spellings; ignored",
            {
              gateway,
              messages: found.ambiguous,
            },
          );
          return undefined;
        }
        this.#apply(found.record, found.report);
        return found.record.id;
      }
    });
    this.#receipts = work.catch(() => {});
    return work;
  }

  /** A record (after the receipts in progress): the queued version if it is not written yet, else the stored one. */
  async get(id: string): Promise<MessageRecord | undefined> {
    await this.#receipts;
    const pending = this.#writer.latest(id);
    if (pending) return structuredClone(pending);
    // It may be in a batch on its way to the store.
    await this.#writer.written();
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
    return this.#writer.flush();
  }

  /** Flush and wait for receipts in progress; called on close. */
  async close(): Promise<void> {
    await this.#receipts;
    await this.flush();
  }

  #apply(record: MessageRecord, report: ReceiptReport): void {
    const previous = record.status;
    const change = applyReport(record, report, this.#now());
    this.#writer.add(record);
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

  #keepOrphan(gateway: string, report: ReceiptReport): void {
    const dropped = this.#orphans.dropped;
    this.#orphans.keep(gateway, report);
    if (this.#orphans.dropped > dropped) {
      this.#logger.warn("message log: too many receipts wait for their message; the oldest was dropped", {
        gateway,
        limit: this.#orphans.limit,
      });
    }
  }

  async #lookUp(gateway: string, providerId: string): Promise<MessageRecord | undefined> {
    return (
      (await this.#store.findMessageByProviderId(gateway, providerId)) ??
      this.#writer.withProviderId(gateway, providerId)
    );
  }

  #adoptOrphans(record: MessageRecord): void {
    if (record.gateway === undefined) return;
    for (const providerId of record.messageIds) {
      for (const report of this.#orphans.take(record.gateway, providerId)) this.#apply(record, report);
    }
  }
}

function viewOfChange(entry: StatusEntry): StatusChange {
  return { ...entry, at: new Date(entry.at).toISOString() };
}
