import type { MessageQuery, MessageRecord } from "../message-record.js";
import type { MessageStore } from "./message-store.js";

/** The message log in memory (one process). */
export class MemoryMessageStore implements MessageStore {
  readonly #records = new Map<string, MessageRecord>();
  readonly #byProviderId = new Map<string, string>();

  async writeMessages(records: readonly MessageRecord[]): Promise<void> {
    for (const record of records) {
      const copy = structuredClone(record);
      this.#records.set(record.id, copy);
      for (const providerId of record.messageIds) {
        if (record.gateway !== undefined)
          this.#byProviderId.set(providerKey(record.gateway, providerId), record.id);
      }
    }
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    return structuredClone(this.#records.get(id));
  }

  async findMessageByProviderId(gateway: string, providerId: string): Promise<MessageRecord | undefined> {
    const id = this.#byProviderId.get(providerKey(gateway, providerId));
    return id === undefined ? undefined : this.getMessage(id);
  }

  async listMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const found: MessageRecord[] = [];
    for (const record of this.#records.values()) {
      if (query.status !== undefined && record.status !== query.status) continue;
      if (query.gateway !== undefined && record.gateway !== query.gateway) continue;
      if (query.since !== undefined && record.createdAt < query.since) continue;
      found.push(record);
    }
    found.sort((a, b) => (a.id < b.id ? 1 : -1));
    return structuredClone(found.slice(0, query.limit ?? 100));
  }

  async pruneMessages(createdBefore: number): Promise<number> {
    let pruned = 0;
    for (const [id, record] of this.#records) {
      if (record.createdAt >= createdBefore) continue;
      this.#records.delete(id);
      for (const providerId of record.messageIds) {
        if (record.gateway !== undefined) this.#byProviderId.delete(providerKey(record.gateway, providerId));
      }
      pruned++;
    }
    return pruned;
  }
}

function providerKey(gateway: string, providerId: string): string {
  return `${gateway}\u0000${providerId}`;
}
