// The provider contract lives in `@smskit/provider`; core implements it and re-exports it, so
// imports of these names from `@smskit/core` keep working.
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
  type Redact,
  type ResourceLookup,
  SPEC_VERSION,
  specVersion,
  type ValidationContext,
} from "@smskit/provider";
