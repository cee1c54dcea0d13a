import type { ReceiptReport } from "@smskit/provider";

/** A receipt waiting for its message. */
interface Orphan {
  readonly report: ReceiptReport;
  /** The keys it is filed under: its id and the id's other spellings. */
  readonly keys: readonly string[];
  readonly expiresAt: number;
  /** Matched, expired or pushed out: no longer to be handed out. */
  gone: boolean;
}

/**
 * Receipts that arrived before the submit answer of their message (fast SMSCs send the receipt
 * first), kept until the answer names their id — in memory, for `ttlMs` at most, and at most
 * `limit` of them (the oldest goes first). They need not survive a restart: the answer they wait
 * for belongs to a send in flight in this process, and a restart loses that answer too (the send
 * is then `unknown`, with no gateway id a receipt could match).
 */
export class ReceiptOrphans {
  readonly #byKey = new Map<string, Orphan[]>();
  /** Arrival order (hence expiry order); `#head` is the first one not yet dropped. */
  #order: Orphan[] = [];
  #head = 0;
  #live = 0;
  /** How many were pushed out by the limit, since the start. */
  dropped = 0;

  constructor(
    readonly ttlMs: number,
    readonly limit: number,
    readonly now: () => number,
  ) {}

  /** How many receipts wait. */
  get size(): number {
    this.#expire();
    return this.#live;
  }

  /** Keep a receipt of `gateway` until a message with its id (or one of its other spellings) is sent. */
  keep(gateway: string, report: ReceiptReport): void {
    this.#expire();
    while (this.#live >= this.limit && this.#head < this.#order.length) {
      const oldest = this.#order[this.#head++] as Orphan;
      if (oldest.gone) continue;
      this.#drop(oldest);
      this.dropped++;
    }
    const ids = [report.messageId, ...(report.alternativeIds ?? [])];
    const orphan: Orphan = {
      report,
      keys: ids.map((id) => orphanKey(gateway, id)),
      expiresAt: this.now() + this.ttlMs,
      gone: false,
    };
    for (const key of orphan.keys) {
      const list = this.#byKey.get(key);
      if (list) list.push(orphan);
      else this.#byKey.set(key, [orphan]);
    }
    this.#order.push(orphan);
    this.#live++;
  }

  /** The receipts waiting for `providerId` of `gateway`, each as about that id; they wait no more. */
  take(gateway: string, providerId: string): ReceiptReport[] {
    if (this.#live === 0) return [];
    const key = orphanKey(gateway, providerId);
    const list = this.#byKey.get(key);
    if (!list) return [];
    this.#byKey.delete(key);
    const now = this.now();
    const reports: ReceiptReport[] = [];
    for (const orphan of list) {
      if (orphan.gone || orphan.expiresAt <= now) continue;
      this.#drop(orphan);
      const { alternativeIds: _, ...report } = orphan.report;
      reports.push(report.messageId === providerId ? report : { ...report, messageId: providerId });
    }
    return reports;
  }

  /** Drop the expired ones at the head (they expire in arrival order). */
  #expire(): void {
    const now = this.now();
    while (this.#head < this.#order.length) {
      const orphan = this.#order[this.#head] as Orphan;
      if (!orphan.gone && orphan.expiresAt > now) break;
      this.#drop(orphan);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
  }

  #drop(orphan: Orphan): void {
    if (orphan.gone) return;
    orphan.gone = true;
    this.#live--;
    for (const key of orphan.keys) {
      const list = this.#byKey.get(key);
      if (!list) continue;
      const rest = list.filter((other) => other !== orphan);
      if (rest.length === 0) this.#byKey.delete(key);
      else this.#byKey.set(key, rest);
    }
  }
}

function orphanKey(gateway: string, providerId: string): string {
  return `${gateway}\u0000${providerId}`;
}
