import type { DeliveryReceipt } from "@smskit/provider";
import type { QueuedMessage } from "./message-queue.js";
import {
  keepRecipient,
  type MessageRecord,
  type RecipientPolicy,
  type StatusEntry,
} from "./message-record.js";
import type { MessageStatus } from "./message-status.js";

/** What the worker knows when it records a step: where the message stands, and what the send said. */
export interface QueueStep {
  readonly status: MessageStatus;
  readonly at: number;
  readonly errorCode?: string | undefined;
  readonly gateway?: string | undefined;
  readonly provider?: string | undefined;
  readonly receipt?: DeliveryReceipt | undefined;
}

/**
 * The message log's record of a queued message after these steps. Rebuilt from the job (which
 * carries what was enqueued) so the worker writes without reading: `queued` at its enqueue time,
 * then each step. The text is never part of it.
 */
export function queueRecord(
  message: QueuedMessage,
  recipients: RecipientPolicy,
  steps: readonly QueueStep[],
): MessageRecord {
  const history: StatusEntry[] = [{ status: "queued", at: message.createdAt, source: "send" }];
  const record: MessageRecord = {
    id: message.id,
    target: message.target,
    gateway: undefined,
    provider: undefined,
    to: keepRecipient(message.to, recipients),
    status: "queued",
    messageIds: [],
    partStatuses: undefined,
    parts: undefined,
    encoding: undefined,
    errorCode: undefined,
    createdAt: message.createdAt,
    updatedAt: message.createdAt,
    history,
  };
  for (const step of steps) {
    history.push({
      status: step.status,
      at: step.at,
      source: "send",
      ...(step.errorCode === undefined ? {} : { errorCode: step.errorCode }),
    });
    record.status = step.status;
    record.updatedAt = step.at;
    record.errorCode = step.errorCode;
    if (step.gateway !== undefined) record.gateway = step.gateway;
    if (step.provider !== undefined) record.provider = step.provider;
    if (step.receipt) applyReceipt(record, step.receipt);
  }
  return record;
}

function applyReceipt(record: MessageRecord, receipt: DeliveryReceipt): void {
  record.messageIds = receipt.messageIds
    ? [...receipt.messageIds]
    : receipt.messageId === undefined
      ? []
      : [receipt.messageId];
  record.parts = receipt.parts;
  const encoding = receipt.details?.encoding;
  record.encoding = typeof encoding === "string" ? encoding : undefined;
}
