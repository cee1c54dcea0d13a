import pg from "pg";

/** Options of the change listener. */
export interface ChangeListenerOptions {
  readonly url: string;
  readonly channel: string;
  /** Reads the change counter from the database. */
  readonly readCounter: () => Promise<number>;
  /** Even while listening, the counter is read again when the last reading is older than this (ms). */
  readonly verifyEveryMs?: number;
}

/** The first reconnect waits this long, every further one twice as long up to `reconnectMaxMs`. */
const reconnectBaseMs = 100;
const reconnectMaxMs = 5000;

/**
 * Follows the store's change counter: a dedicated connection LISTENs on the store's channel, so
 * the counter (the change marker) is known without a query while the connection is up. When it
 * is down — a notification could be lost — the counter is read from the table instead, and the
 * connection is opened again in the background; after a reconnect every subscriber is told that
 * something may have changed.
 */
export class ChangeListener {
  readonly #options: ChangeListenerOptions;
  readonly #subscribers = new Set<() => void>();
  #client: pg.Client | undefined;
  #listening = false;
  #closed = false;
  #counter = -1;
  #verifiedAt = Number.NEGATIVE_INFINITY;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(options: ChangeListenerOptions) {
    this.#options = options;
  }

  /** Connect and LISTEN (a failure here is not fatal: the listener keeps trying). */
  async start(): Promise<void> {
    await this.#connect();
  }

  /** The change marker: the counter as last announced, or read from the table when not listening. */
  async marker(): Promise<string> {
    const now = performance.now();
    if (!this.#listening || now - this.#verifiedAt > (this.#options.verifyEveryMs ?? 10_000)) {
      try {
        this.#advance(await this.#options.readCounter());
        this.#verifiedAt = now;
      } catch (error) {
        // The database is unreachable: definitions cached until now stay in use.
        if (this.#counter < 0) throw error;
      }
    }
    return String(this.#counter);
  }

  /** This process committed a definition change that took the counter to `counter`. */
  committed(counter: number): void {
    this.#advance(counter);
  }

  /** Call `listener` whenever another process (or this one) changed definitions; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  /** Whether the LISTEN connection is up. */
  get listening(): boolean {
    return this.#listening;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    this.#listening = false;
    await client?.end().catch(() => {});
  }

  #advance(counter: number): void {
    if (counter <= this.#counter) return;
    const first = this.#counter < 0;
    this.#counter = counter;
    if (!first) this.#emit();
  }

  #emit(): void {
    for (const subscriber of this.#subscribers) subscriber();
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#options.url,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    this.#client = client;
    client.on("error", () => this.#lost(client));
    client.on("end", () => this.#lost(client));
    client.on("notification", (message) => {
      if (message.channel !== this.#options.channel) return;
      const counter = Number(message.payload);
      if (Number.isSafeInteger(counter)) this.#advance(counter);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quote(this.#options.channel)}`);
      if (this.#client !== client) return;
      const reconnected = this.#failures > 0 || this.#counter >= 0;
      this.#listening = true;
      this.#failures = 0;
      this.#advance(await this.#options.readCounter());
      this.#verifiedAt = performance.now();
      // Notifications sent while the connection was down are lost: whatever may have changed, re-read.
      if (reconnected) this.#emit();
    } catch {
      this.#lost(client);
    }
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#listening = false;
    client.end().catch(() => {});
    if (this.#closed) return;
    const delay = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** this.#failures++);
    this.#reconnectTimer = setTimeout(() => void this.#connect(), delay);
    this.#reconnectTimer.unref();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
