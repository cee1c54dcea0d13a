export {
  type AnyProviderManifest,
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
  type ValidationContext,
} from "@smskit/provider";
export {
  analyzeMessage,
  type CharacterOccurrences,
  type MessageAnalysis,
  type ReplacementSuggestion,
  type TextEncoding,
} from "@smskit/sms-encoding";
export { abortReason, untilAborted } from "./abort-race.js";
export { findApplicationDirectory } from "./application-directory.js";
export { type BulkEntry, type BulkFormat, type BulkInputOptions, readBulkEntries } from "./bulk-input.js";
export { BulkJournal, type JournalState } from "./bulk-journal.js";
export type { BreakerSnapshot, BreakerState } from "./circuit-breaker.js";
export {
  createContainer,
  providerRegistry,
  registeredProviders,
  registerProvider,
  tokens,
} from "./container.js";
export type { ImportOutcome, ImportReport } from "./definition-transfer.js";
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
export { type GatewayDefinition, type GatewayInput, gatewayNamePattern } from "./gateway-definition.js";
export {
  type BreakerPolicy,
  describePolicies,
  type GatewayPolicies,
  parseBreaker,
} from "./gateway-policies.js";
export { type ValidatedGateway, validateGateway } from "./gateway-validation.js";
export type { ExportDocument, ImportFormat } from "./import-formats.js";
export { childLogger, type LogFields, type Logger, silentLogger, stderrLogger } from "./logger.js";
export { providerIdPattern } from "./manifest-check.js";
export { MemoryMessageQueue, type MemoryQueueOptions } from "./memory-queue.js";
export type { MessageLogOptions, StatusEvent } from "./message-log.js";
export type { ClaimState, JobSettlement, MessageQueue, QueuedMessage, QueueJob } from "./message-queue.js";
export {
  keepRecipient,
  type MessageQuery,
  type MessageRecord,
  type MessageView,
  maskRecipient,
  type RecipientPolicy,
  type StatusChange,
  type StatusSource,
} from "./message-record.js";
export { isFinalStatus, isMessageStatus, type MessageStatus, messageStatuses } from "./message-status.js";
export { normalizeParameters } from "./parameter-normalize.js";
export { type PhoneRewrite, parsePhoneRewrite, rewritePhone } from "./phone-rewrite.js";
export type { GatewayHealth } from "./policy-states.js";
export { type ProviderOrigin, ProviderRegistry, type RegisteredProvider } from "./provider-registry.js";
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
export { createSchemaCompiler, smskitKeywords } from "./schema-compiler.js";
export type { JsonTypeName, PropertySchema, PropertyType } from "./schema-types.js";
export { SecretCipher, SecretDecryptionError } from "./secret-cipher.js";
export {
  createKeyFile,
  readKeyFile,
  resolveSecretKey,
  type SecretKey,
  type SecretKeySource,
} from "./secret-key.js";
export {
  CENSORED,
  censorDefinition,
  createRedactor,
  type DefinitionSections,
  isSecretKey,
  mapSecrets,
  restoreCensored,
  type SecretSelection,
  secretSelection,
  secretValues,
} from "./secrets.js";
export { maximumTimeoutMs } from "./send-deadline.js";
export {
  type BulkOutcome,
  type BulkOutcomeKind,
  type BulkProgress,
  type BulkRow,
  type BulkSummary,
  outcomeOf,
  type SendManyOptions,
} from "./send-many.js";
export { durationBuckets, SendMetrics, type SendOutcome, type SendSeries } from "./send-metrics.js";
export {
  createSmskit,
  type MessageInput,
  type ProviderInfo,
  type ReceiptOutcome,
  type SendEvent,
  type SendOptions,
  type SendResult,
  Smskit,
  type SmskitOptions,
} from "./smskit.js";
export {
  type SmtpServerDefinition,
  type SmtpServerInput,
  type SmtpTlsMode,
  smtpSecretFields,
  smtpServerSchema,
} from "./smtp-server.js";
export type {
  GatewayRecord,
  GatewayStore,
  PutOptions,
  RouteRecord,
  SmtpServerRecord,
  StoreBatch,
} from "./store/gateway-store.js";
export type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from "./store/idempotency-store.js";
export { MemoryMessageStore } from "./store/memory-messages.js";
export { MemoryGatewayStore } from "./store/memory-store.js";
export type { MessageStore } from "./store/message-store.js";
export { SqliteMessages } from "./store/sqlite-messages.js";
export { SqliteGatewayStore, type SqliteStoreOptions } from "./store/sqlite-store.js";
export {
  type CompiledTemplate,
  compileText,
  compileValue,
  parseTemplate,
  renderTemplates,
  renderText,
  renderTextTemplates,
  renderValue,
  type TemplateValue,
  type TemplateVariables,
  templateValueToText,
} from "./template.js";
export { isUlid } from "./ulid.js";
