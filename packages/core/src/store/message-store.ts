import type { MessageQuery, MessageRecord } from "../message-record.js";

/**
 * Where the message log lives. Writes come in batches (the log queues them and flushes every
 * few milliseconds); `writeMessages` must apply a batch in one transaction. Records never hold
 * the message text.
 */
export interface MessageStore {
  /** Create or replace these records. */
  writeMessages(records: readonly MessageRecord[]): Promise<void>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  /** The record whose message (or one of whose parts) has this id at this gateway. */
  findMessageByProviderId(gateway: string, providerId: string): Promise<MessageRecord | undefined>;
  /** Matching records, newest first. */
  listMessages(query: MessageQuery): Promise<MessageRecord[]>;
  /** Delete records created before this time; resolves with how many went. */
  pruneMessages(createdBefore: number): Promise<number>;
}
