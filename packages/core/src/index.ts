// @smskit/core — what applications and tools use: createSmskit and the shapes it takes and
// returns, the errors, the stores to pass it, discovery, bulk input and the message log's
// statuses. The provider contract is re-exported, so an application with a provider of its own
// needs one import. What a store implementation needs lives in `@smskit/core/stores`; everything
// else (templates, the cipher, the registry's internals, schema compilation) is internal.
export {
  type AnyProviderManifest,
  abortReason,
  type DeliveryReceipt,
  defineProvider,
  type GatewayConfig,
  type OutgoingMessage,
  type ParametersOf,
  type ParametersSchema,
  type ProviderCallOptions,
  type ProviderContext,
  type ProviderInstance,
  type ProviderKind,
  type ProviderManifest,
  type ProviderPreset,
  type ProviderResources,
  type ReceiptReport,
  type ReceiptRequest,
  type ReceiptStatus,
  type Redact,
  type ResourceLookup,
  SPEC_VERSION,
  specVersion,
  untilAborted,
  type ValidationContext,
} from "@smskit/provider";
export {
  analyzeMessage,
  type CharacterOccurrences,
  type MessageAnalysis,
  type ReplacementSuggestion,
  type TextEncoding,
} from "@smskit/sms-encoding";
export { findApplicationDirectory } from "./application-directory.js";
export { type BulkEntry, type BulkFormat, type BulkInputOptions, readBulkEntries } from "./bulk-input.js";
export { BulkJournal, type JournalState } from "./bulk-journal.js";
export type { BreakerSnapshot, BreakerState } from "./circuit-breaker.js";
export { createContainer, providerRegistry, registerProvider } from "./container.js";
export { createSmskit } from "./create-smskit.js";
export type { ImportOutcome, ImportReport } from "./definition-import.js";
export { closestMatch } from "./did-you-mean.js";
export {
  type DiscoveryFailure,
  type DiscoveryOptions,
  type DiscoveryResult,
  discoverProviders,
  type SmskitPackageField,
} from "./discovery.js";
export type { EnqueueOptions } from "./enqueue.js";
export {
  ConfigurationError,
  type ErrorCode,
  errorCodes,
  isSmsError,
  isSmskitError,
  ManifestError,
  type SendAttempt,
  SmsError,
  type SmsErrorDetails,
  SmskitError,
  type ValidationIssue,
} from "./errors.js";
export type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
export {
  type BreakerPolicy,
  describePolicies,
  type GatewayPolicies,
  parseBreaker,
} from "./gateway-policies.js";
export type { ExportDocument, ImportFormat } from "./import-formats.js";
export type { InstanceLimits } from "./instance-entry.js";
export { type LogFields, type Logger, silentLogger, stderrLogger } from "./logger.js";
export { providerIdPattern } from "./manifest-check.js";
export { MemoryMessageQueue, type MemoryQueueOptions } from "./memory-queue.js";
export type { MessageLogOptions, StatusEvent } from "./message-log.js";
export type { ClaimState, JobSettlement, MessageQueue, QueuedMessage, QueueJob } from "./message-queue.js";
export type {
  MessageQuery,
  MessageView,
  RecipientPolicy,
  StatusChange,
  StatusSource,
} from "./message-record.js";
export { isFinalStatus, isMessageStatus, type MessageStatus, messageStatuses } from "./message-status.js";
export { importOptionalPackage, type OptionalPackageLookup } from "./optional-package.js";
export type { GatewayHealth } from "./policy-states.js";
export { isPostgresUrl } from "./postgres-url.js";
export type { ProviderInfo } from "./provider-info.js";
export type { ProviderOrigin, ProviderRegistry, RegisteredProvider } from "./provider-registry.js";
export type { QueueMessageInput } from "./queue-binding.js";
export { QueueWorker, type WorkerCounts, type WorkerOptions } from "./queue-worker.js";
export {
  type RouteDefinition,
  type RouteGateway,
  type RouteInput,
  type RoutePrefix,
  type RouteStrategy,
  routeStrategies,
  type UnknownOutcomePolicy,
} from "./route-definition.js";
export { createKeyFile, readKeyFile, type SecretKey, type SecretKeySource } from "./secret-key.js";
export { CENSORED, isSecretKey } from "./secrets.js";
export type {
  BulkOutcome,
  BulkOutcomeKind,
  BulkProgress,
  BulkRow,
  BulkSummary,
  SendManyOptions,
} from "./send-many.js";
export type { SendMetrics, SendOutcome, SendSeries } from "./send-metrics.js";
export { Smskit } from "./smskit.js";
export type { SmskitOptions } from "./smskit-options.js";
export type { MessageInput, ReceiptOutcome, SendEvent, SendOptions, SendResult } from "./smskit-types.js";
export {
  type SmtpServerDefinition,
  type SmtpServerInput,
  type SmtpTlsMode,
  smtpServerSchema,
} from "./smtp-server.js";
export type { GatewayStore } from "./store/gateway-store.js";
export { MemoryGatewayStore } from "./store/memory-store.js";
export { SqliteGatewayStore, type SqliteStoreOptions } from "./store/sqlite-store.js";
