export { abortReason, untilAborted } from "./abort-race.js";
export { type CoreErrorCode, coreErrorDefinition, coreErrors, errorCodes } from "./error-catalogue.js";
export {
  type AnyErrorDefinition,
  type ConfigurationErrorExtras,
  type CreateArguments,
  defineConfigurationError,
  defineError,
  defineManifestError,
  defineSendError,
  definitionOf,
  type ErrorCatalogue,
  type ErrorDefinition,
  type ErrorDefinitionOptions,
  type ErrorExtras,
  type ErrorKind,
  errorCatalogue,
  errorMeanings,
  fillTemplate,
  type SendErrorExtras,
  type SendErrorOptions,
  type TemplateArguments,
  type TemplateParameters,
} from "./error-definition.js";
export {
  ConfigurationError,
  type ErrorCode,
  isSmsError,
  isSmskitError,
  ManifestError,
  type SendAttempt,
  SmsError,
  type SmsErrorDetails,
  SmskitError,
  type ValidationIssue,
} from "./errors.js";
export type { LogFields, Logger } from "./logger.js";
export {
  type AnyProviderManifest,
  type DeliveryReceipt,
  defineProvider,
  type GatewayConfig,
  type OutgoingMessage,
  type ProviderCallOptions,
  type ProviderContext,
  type ProviderInstance,
  type ProviderKind,
  type ProviderManifest,
  type ProviderPreset,
  type ReceiptReport,
  type ReceiptRequest,
  type ReceiptStatus,
  type Redact,
  SPEC_VERSION,
  specVersion,
  type ValidationContext,
} from "./provider-contract.js";
export type { ProviderResources, ResourceLookup } from "./provider-resources.js";
export type {
  JsonTypeName,
  ParametersOf,
  ParametersSchema,
  PropertySchema,
  PropertyType,
} from "./schema-types.js";
export type { TemplateValue } from "./template-value.js";
