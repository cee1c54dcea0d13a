import type { ProviderContext, ProviderInstance, ProviderResources, ReceiptReport } from "@smskit/provider";
import { smtpServerResource } from "./application-resources.js";
import type { ErrorSubject } from "./error-classification.js";
import { ConfigurationError } from "./errors.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import { type GatewayValidationContext, validateGateway } from "./gateway-validation.js";
import { childLogger, type Logger } from "./logger.js";
import { type PhoneRewrite, parsePhoneRewrite } from "./phone-rewrite.js";
import type { ProviderRegistry, RegisteredProvider } from "./provider-registry.js";
import type { RecipientContext } from "./recipient-check.js";
import { createRedactor, isSecretKey, secretSelection, secretValues } from "./secrets.js";
import type { SmtpServerDefinition } from "./smtp-server.js";
import { type CompiledTemplate, compileText, compileValue, parseTemplate } from "./template.js";

/** What the cache needs from the application. */
export interface InstanceCacheDependencies {
  readonly registry: ProviderRegistry;
  readonly logger: Logger;
  readonly now: () => number;
  readonly validation: GatewayValidationContext;
  /** The application's resources at send time. */
  readonly resources: ProviderResources;
  /** A central SMTP server definition with its secrets decrypted (tracked per instance). */
  readonly smtpServer: (name: string) => Promise<SmtpServerDefinition | undefined>;
  /** A receipt a provider reported on its own connection. */
  readonly receipt: (gateway: string, report: ReceiptReport) => void;
  /** Keep message texts in errors (debug logging is on); otherwise they read `<message>`. */
  readonly revealMessages?: boolean | undefined;
  /** How many instances stay open, and for how long unused (default: 10 minutes, no cap). */
  readonly limits?: InstanceLimits | undefined;
  /** A gateway's instance was closed for being idle or over the cap (what else is kept for it may go too). */
  readonly unused?: ((gateway: string) => void) | undefined;
}

/** Limits on the provider instances open at once (`createSmskit({ instances })`). */
export interface InstanceLimits {
  /**
   * Close an instance unused for this long, in milliseconds (default 600 000, ten minutes;
   * `Infinity` keeps instances open). The next send through the gateway opens a new one.
   */
  readonly idleMs?: number;
  /** Keep at most this many instances open; opening one more closes the least recently used idle one (default no cap). */
  readonly max?: number;
}

/** One gateway revision's provider instance and what every send through it needs, prepared once. */
export interface Entry {
  readonly definition: GatewayDefinition;
  readonly provider: RegisteredProvider;
  readonly instance: Promise<ProviderInstance>;
  /** The instance once created (the send path's fast lane). */
  resolved: ProviderInstance | undefined;
  readonly rewrite: PhoneRewrite | undefined;
  /** What the recipient check of every send needs. */
  readonly recipientContext: RecipientContext;
  /** Options and headers, parsed and prepared once per revision. */
  readonly options: ReadonlyArray<readonly [string, CompiledTemplate]>;
  readonly headers: ReadonlyArray<readonly [string, CompiledTemplate<string>]>;
  /** Count one send out; closes the instance when it was the last on a retired entry. */
  readonly release: () => void;
  readonly redact: (text: string) => string;
  /** Gateway, provider and redaction, for the errors of this instance. */
  readonly subject: ErrorSubject;
  readonly revealMessages: boolean;
  readonly closed: Promise<void>;
  readonly markClosed: () => void;
  /** SMTP servers the instance looked up, with the revision it saw. */
  readonly smtpServers: Map<string, number | undefined>;
  inFlight: number;
  retired: boolean;
  /** When it was last used — made, a lease ended, a receipt came in on its connection — by the application's clock. */
  lastUsed: number;
}

/**
 * Validate a stored definition again and prepare its entry: the provider context, the compiled
 * options and headers, the REGEXP rewrite, and the instance (created on the next tick).
 */
export async function buildEntry(
  definition: GatewayDefinition,
  dependencies: InstanceCacheDependencies,
  release: (entry: Entry) => void,
): Promise<Entry> {
  const validated = await validateGateway(definition, dependencies.registry, dependencies.validation).catch(
    (error: unknown) => {
      if (error instanceof ConfigurationError && error.code === "SMSKIT_E_GATEWAY_INVALID") {
        throw new ConfigurationError(
          "SMSKIT_E_GATEWAY_INVALID",
          `${error.message} — the stored definition is not usable as it is; fix what is named and save the gateway again`,
          { gateway: definition.name, issues: error.issues },
        );
      }
      throw error;
    },
  );
  const { provider, parameters } = validated;
  const secrets = secretValues(definition, secretSelection(provider.secretParameters, definition));
  let redactWith = createRedactor(secrets);
  const redact = (text: string) => redactWith(text);
  const smtpServers = new Map<string, number | undefined>();
  // A receipt arriving on the instance's own connection (an SMPP deliver_sm) counts as use.
  let touch = () => {};
  const rewriteSource = provider.rewriteParameter ? parameters[provider.rewriteParameter] : undefined;
  const context: ProviderContext = {
    gateway: definition.name,
    logger: childLogger(dependencies.logger, { gateway: definition.name, provider: provider.manifest.id }),
    now: dependencies.now,
    redact,
    receipt: (report) => {
      touch();
      dependencies.receipt(definition.name, report);
    },
    redactWith: (extra) => {
      const local = createRedactor(extra);
      return (text) => local(redact(text));
    },
    isSecretKey,
    resources: {
      async get<Value>(kind: string, name: string): Promise<Value | undefined> {
        if (kind !== smtpServerResource) return dependencies.resources.get<Value>(kind, name);
        const server = await dependencies.smtpServer(name);
        smtpServers.set(name, server?.revision);
        if (server?.password) {
          // The server's password is this gateway's secret too: censor it wherever the gateway's output goes.
          secrets.push(server.password);
          redactWith = createRedactor(secrets);
        }
        return server as Value | undefined;
      },
    },
  };
  const config = {
    gateway: definition.name,
    revision: definition.revision,
    parameters,
    options: definition.options,
    headers: definition.headers,
  };
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const rewrite =
    typeof rewriteSource === "string" && rewriteSource !== "" ? parsePhoneRewrite(rewriteSource) : undefined;
  const instance = Promise.resolve().then(() => provider.manifest.create(config, context));
  instance.catch(() => {});
  const entry: Entry = {
    definition,
    provider,
    instance,
    resolved: undefined,
    rewrite,
    recipientContext: {
      gateway: definition.name,
      provider: provider.manifest.id,
      kind: provider.manifest.kind,
      rewritten: rewrite !== undefined,
    },
    options: Object.entries(definition.options).map(
      ([key, raw]) => [key, compileValue(parseTemplate(raw))] as const,
    ),
    headers: Object.entries(definition.headers).map(([key, raw]) => [key, compileText(raw)] as const),
    release: () => release(entry),
    redact,
    subject: { gateway: definition.name, provider: provider.manifest.id, redact },
    revealMessages: dependencies.revealMessages === true,
    closed,
    markClosed,
    smtpServers,
    inFlight: 0,
    retired: false,
    lastUsed: dependencies.now(),
  };
  touch = () => {
    entry.lastUsed = dependencies.now();
  };
  instance.then(
    (created) => {
      entry.resolved = created;
    },
    () => {},
  );
  return entry;
}
