// @smskit/core/stores — for implementers of a store (PostgreSQL, …): the interfaces a store
// implements, the records it keeps, the revision check every store applies the same way, and the
// memory stores as the reference implementation. Applications pass a store to createSmskit and
// need none of this; `GatewayStore`, `MemoryGatewayStore` and `SqliteGatewayStore` are in
// `@smskit/core` too.

export type { MessageRecord, StatusChange, StatusSource } from "./message-record.js";
export { isFinalStatus, type MessageStatus, messageStatuses } from "./message-status.js";
export type {
  GatewayRecord,
  GatewayStore,
  PutOptions,
  RouteRecord,
  SmtpServerRecord,
  StoreBatch,
} from "./store/gateway-store.js";
export type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from "./store/idempotency-store.js";
export { MemoryIdempotencyKeys } from "./store/memory-idempotency.js";
export { MemoryMessageStore } from "./store/memory-messages.js";
export { checkExpectedRevision, MemoryGatewayStore } from "./store/memory-store.js";
export type { MessageStore } from "./store/message-store.js";
