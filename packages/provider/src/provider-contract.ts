import type { AnyErrorDefinition } from "./error-definition.js";
import type { ValidationIssue } from "./errors.js";
import type { Logger } from "./logger.js";
import type { ProviderResources } from "./provider-resources.js";
import type { ParametersOf, ParametersSchema } from "./schema-types.js";
import type { TemplateValue } from "./template-value.js";

/** The version of the provider contract this package describes; a manifest's `specVersion`. */
export const specVersion = 1;

/** The same as `specVersion` (the name core has always exported). */
export const SPEC_VERSION = specVersion;

/** `sms`: the recipient is a phone number. `push`: the recipient is a device token. */
export type ProviderKind = "sms" | "push";

/** What a provider instance is created from: one revision of one gateway definition. */
export interface GatewayConfig<Parameters = Record<string, unknown>> {
  /** The gateway's name. */
  readonly gateway: string;
  /** The revision of the definition this config was built from. */
  readonly revision: number;
  /** Parameters validated against the schema, with privacyIDEA strings coerced and defaults applied. */
  readonly parameters: Parameters;
  /** Free options as stored (templates not yet rendered). */
  readonly options: Readonly<Record<string, string>>;
  /** HTTP headers as stored (templates not yet rendered). */
  readonly headers: Readonly<Record<string, string>>;
}

/** One message on its way to a provider, after the REGEXP rewrite and template rendering. */
export interface OutgoingMessage {
  /** The recipient after the REGEXP rewrite: a phone number (`sms`) or a device token (`push`). */
  readonly to: string;
  /** The message text, exactly as given (the `{otp}` tag). */
  readonly text: string;
  /** A push notification's title. */
  readonly title?: string | undefined;
  /** A push message's data payload. */
  readonly data?: Readonly<Record<string, string>> | undefined;
  /** Options with `{phone}` / `{otp}` rendered structurally; a JSON object or list stays one. */
  readonly options: Readonly<Record<string, TemplateValue>>;
  /** Headers with `{phone}` / `{otp}` rendered. */
  readonly headers: Readonly<Record<string, string>>;
  /** Render `{phone}` / `{otp}` in a provider-specific template (a subject, a body, an address). */
  render(template: string): string;
}

/** What a provider reports about an accepted message. */
export interface DeliveryReceipt {
  /** The gateway's id for the message, when it gives one. */
  messageId?: string | undefined;
  /** Ids of every part of a message split into several (SMPP). */
  messageIds?: readonly string[] | undefined;
  /** How many SMS the text was sent as. */
  parts?: number | undefined;
  /** Further provider-specific facts, e.g. the HTTP status. No secrets. */
  details?: Record<string, unknown> | undefined;
}

/** What a delivery receipt or status callback can say about a message. */
export type ReceiptStatus = "enroute" | "delivered" | "undelivered" | "expired" | "rejected" | "unknown";

/**
 * One status report from the gateway about a message it accepted: an SMPP `deliver_sm`, an HTTP
 * status callback. `unknown` is recorded in the message's history and changes nothing.
 */
export interface ReceiptReport {
  /** The gateway's id of the message (or of one part of it), as its submit answer gave it. */
  readonly messageId: string;
  /**
   * Other spellings of `messageId` the submit answer may have used (SMPP: the hexadecimal form
   * of a decimal id and the other way round). The message log tries them when no message has
   * `messageId` itself, and uses one only when exactly one message matches.
   */
  readonly alternativeIds?: readonly string[] | undefined;
  readonly status: ReceiptStatus;
  /** When the gateway says the status was reached, in milliseconds since the epoch. */
  readonly at?: number | undefined;
  /** The gateway's error code, when it gives one. */
  readonly errorCode?: string | undefined;
  /** The receipt as received, without the recipient (see `recipient`) and any message text removed. */
  readonly raw?: string | undefined;
  /**
   * The recipient the receipt names (SMPP: its source_addr), kept out of `raw`: the message log
   * adds it to the raw receipt in its history as its recipient setting says — in full, masked to
   * the last 4 digits, or not at all (`from <recipient>: <raw>`).
   */
  readonly recipient?: string | undefined;
}

/** An HTTP status callback in a framework-neutral shape. */
export interface ReceiptRequest {
  /** `POST`, `GET`, … */
  readonly method: string;
  /** The full URL the gateway called, as it sees it (signatures are computed over it). */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body (empty for a GET). */
  readonly body: string;
}

/** Per-call options handed to a provider's `send` and `check`. */
export interface ProviderCallOptions {
  /** Aborted when the deadline passes or the caller gives up; providers must stop promptly. */
  readonly signal: AbortSignal;
}

/** A live provider instance for one gateway revision; holds pools and sessions. */
export interface ProviderInstance {
  /** Deliver one message. Throw an `SmsError` on failure. */
  send(message: OutgoingMessage, options: ProviderCallOptions): Promise<DeliveryReceipt>;
  /** A deep check of the configuration (a login works, a file exists). Throws when something is wrong. */
  check?(options: ProviderCallOptions): Promise<void>;
  /** Release every pool, session and socket. Called when the definition changes and on shutdown. */
  close?(): Promise<void>;
  /**
   * Read an HTTP status callback of this gateway: the reports it holds (none is fine). Throw an
   * `SmsError` (`SMSKIT_E_RECEIPT_REFUSED`) when it is not genuine, e.g. a wrong signature.
   * Providers without callbacks leave it out.
   */
  readReceipt?(request: ReceiptRequest): readonly ReceiptReport[] | Promise<readonly ReceiptReport[]>;
}

/** How a provider reaches what the application controls. Built by core from the DI container. */
export interface ProviderContext {
  /** The gateway this context belongs to. */
  readonly gateway: string;
  /** A logger that already names the gateway; never give it secrets. */
  readonly logger: Logger;
  /** Milliseconds since the epoch; replaceable in tests. */
  now(): number;
  /** Replace every secret of this gateway that occurs in a text with `__CENSORED__`. */
  readonly redact: Redact;
  /**
   * A redactor that censors this gateway's secrets and the given values too: secrets a provider
   * derives itself (a password inside a URL, credentials it encodes). Empty values are ignored.
   */
  redactWith(extra: readonly string[]): Redact;
  /** Whether an option, header or field name marks a secret by smskit's convention (PASSWORD, SECRET, TOKEN, KEY). */
  isSecretKey(key: string): boolean;
  /**
   * Named resources the application controls (a central server definition, a directory). A
   * resource that changes makes core close and recreate the instances that looked it up.
   */
  readonly resources: ProviderResources;
  /** Report a delivery receipt that arrived on the provider's own connection (SMPP `deliver_sm`). Core always provides it. */
  receipt?(report: ReceiptReport): void;
}

/** Replaces every secret of a gateway that occurs in a text with `__CENSORED__`. */
export type Redact = (text: string) => string;

/** What a provider's save-time `validate` hook may consult. */
export interface ValidationContext {
  /** The gateway being validated. */
  readonly gateway: string;
  /** Named resources the application controls, as at send time. */
  readonly resources: ProviderResources;
}

/** A named partial gateway definition a user can start from (e.g. Clickatell for `http`). */
export interface ProviderPreset {
  /** Stable, lower-case name, e.g. `clickatell`. */
  readonly name: string;
  /** What the preset is for and what the user still has to fill in. */
  readonly description: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly options?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Options of the preset that hold secrets though their names do not say so (e.g. GTX's `pass`). */
  readonly secretOptions?: readonly string[];
  /** Headers of the preset that hold secrets. */
  readonly secretHeaders?: readonly string[];
}

/** A provider plugin: plain data plus a factory. What a provider package default-exports. */
export interface ProviderManifest<Schema extends ParametersSchema = ParametersSchema> {
  /** The contract version; must be 1. */
  readonly specVersion: 1;
  /** Stable, lower-case id (`http`, `smpp`, …) that gateway definitions name. */
  readonly id: string;
  /** What the recipient is. */
  readonly kind: ProviderKind;
  /** A short human name, e.g. "HTTP gateway". */
  readonly displayName: string;
  /** One or two sentences on what the provider talks to. */
  readonly description: string;
  /** Where the provider's documentation lives. */
  readonly docsUrl?: string;
  /** JSON Schema of the fixed parameters; every property has a `description`; secrets are `writeOnly`. */
  readonly parameters: Schema;
  /** Whether free key/value options (which may contain `{phone}` / `{otp}`) are accepted. */
  readonly optionsAllowed: boolean;
  /** Whether HTTP headers are accepted. */
  readonly headersAllowed: boolean;
  /** Other names this provider answers to, e.g. privacyIDEA's module path. */
  readonly legacyNames?: readonly string[];
  /** Named partial definitions to start from. */
  readonly presets?: readonly ProviderPreset[];
  /**
   * The parameter holding the secret part of the gateway's status-callback URL, when the provider
   * reads callbacks over HTTP (`readReceipt`) and authenticates them by URL: a `writeOnly` string
   * parameter of the schema. `handleReceipt(gateway, request, { secret })` accepts a callback only
   * when the secret in its URL equals this parameter's value.
   */
  readonly receiptSecretParameter?: string;
  /** The provider's own error codes and what each means (documented with core's). */
  readonly errorCodes?: Readonly<Record<string, string>>;
  /**
   * The provider's own error definitions (`errorCatalogue(defineSendError(…), …)`), keyed by
   * code: the docs take each code's HTTP status, `retrySafe` and `deliveryUnknown` from here.
   * Give `errorCodes: errorMeanings(errors)` beside it for tools that read only the meanings.
   */
  readonly errors?: Readonly<Record<string, AnyErrorDefinition>>;
  /** Checks beyond the schema, run when a gateway is saved (e.g. a referenced file exists). */
  validate?(
    config: GatewayConfig<ParametersOf<Schema>>,
    context: ValidationContext,
  ): readonly ValidationIssue[] | Promise<readonly ValidationIssue[]>;
  /** Create the live instance for one gateway revision. Must not send anything yet. */
  create(
    config: GatewayConfig<ParametersOf<Schema>>,
    context: ProviderContext,
  ): ProviderInstance | Promise<ProviderInstance>;
}

/** A manifest as the registry handles it, whatever its schema. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds manifests of every parameter type.
export type AnyProviderManifest = ProviderManifest<any>;

/**
 * Define a provider. Returns the manifest unchanged; its value is the typing: write the
 * schema `as const` (or inline) and `create` receives parameters of the derived type.
 */
export function defineProvider<const Schema extends ParametersSchema>(
  manifest: ProviderManifest<Schema>,
): ProviderManifest<Schema> {
  return manifest;
}
