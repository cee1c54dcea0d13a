import type {
  DeliveryReceipt,
  OutgoingMessage,
  ProviderContext,
  ProviderInstance,
  ProviderResources,
  ReceiptReport,
  ReceiptRequest,
} from "@smskit/provider";
import { smtpServerResource } from "./application-resources.js";
import { ConfigurationError, isSmsError, isSmskitError, SmsError, type SmskitError } from "./errors.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import { type GatewayValidationContext, validateGateway } from "./gateway-validation.js";
import { childLogger, type Logger } from "./logger.js";
import { type PhoneRewrite, parsePhoneRewrite, rewritePhone } from "./phone-rewrite.js";
import type { ProviderRegistry, RegisteredProvider } from "./provider-registry.js";
import { checkRecipient, type RecipientContext } from "./recipient-check.js";
import { createReplacer, MESSAGE_PLACEHOLDER, shortExcerpt } from "./redaction.js";
import { createRedactor, isSecretKey, secretSelection, secretValues } from "./secrets.js";
import { deadlinePassed, startDeadline } from "./send-deadline.js";
import type { SmtpServerDefinition } from "./smtp-server.js";
import {
  type CompiledTemplate,
  compileText,
  compileValue,
  parseTemplate,
  renderText,
  type TemplateValue,
  type TemplateVariables,
} from "./template.js";

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
}

/** A message as the pipeline hands it over. */
export interface LeaseMessage {
  readonly text: string;
  readonly title?: string | undefined;
  readonly data?: Readonly<Record<string, string>> | undefined;
}

/** One use of a cached provider instance; `release()` it when done. */
export interface InstanceLease {
  send(
    to: string,
    message: LeaseMessage,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ to: string; receipt: DeliveryReceipt }>;
  check(timeoutMs: number, signal: AbortSignal | undefined): Promise<void>;
  /** Read a status callback with the provider's `readReceipt`; refused when it has none. */
  readReceipt(request: ReceiptRequest): Promise<readonly ReceiptReport[]>;
  release(): void;
}

/** Provider instances, one per gateway revision, reused across sends and closed when retired. */
export interface ProviderInstanceCache {
  /** A lease on the instance for this revision: at once when it is ready, else once it is created. */
  acquire(definition: GatewayDefinition): InstanceLease | Promise<InstanceLease>;
  /** The definition changed or is gone: close its instance once its in-flight sends finish. */
  retire(name: string): void;
  /** Retire the instances of every gateway that looked up this SMTP server. */
  retireUsersOfSmtpServer(name: string): void;
  /** Retire the instances whose SMTP server changed since they looked it up (another process saved it). */
  refreshReferences(currentRevision: (name: string) => Promise<number | undefined>): Promise<void>;
  /** Retire everything and wait until every instance is closed. */
  closeAll(): Promise<void>;
}

interface Entry {
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
  readonly revealMessages: boolean;
  readonly closed: Promise<void>;
  readonly markClosed: () => void;
  /** SMTP servers the instance looked up, with the revision it saw. */
  readonly smtpServers: Map<string, number | undefined>;
  inFlight: number;
  retired: boolean;
}

/** Create the cache of provider instances used by the send pipeline. */
export function createInstanceCache(dependencies: InstanceCacheDependencies): ProviderInstanceCache {
  const entries = new Map<string, Entry>();
  const closing = new Set<Promise<void>>();

  const closeEntry = (entry: Entry): void => {
    const done = entry.instance
      .then((instance) => instance.close?.())
      .catch((error: unknown) => {
        dependencies.logger.warn("closing a provider instance failed", {
          gateway: entry.definition.name,
          error: entry.redact(String((error as Error)?.message ?? error)),
        });
      })
      .finally(() => {
        closing.delete(done);
        entry.markClosed();
      });
    closing.add(done);
  };

  const retireEntry = (entry: Entry): void => {
    if (entry.retired) return;
    entry.retired = true;
    if (entries.get(entry.definition.name) === entry) entries.delete(entry.definition.name);
    if (entry.inFlight === 0) closeEntry(entry);
  };

  const build = async (definition: GatewayDefinition): Promise<Entry> => {
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
    const rewriteSource = provider.rewriteParameter ? parameters[provider.rewriteParameter] : undefined;
    const context: ProviderContext = {
      gateway: definition.name,
      logger: childLogger(dependencies.logger, { gateway: definition.name, provider: provider.manifest.id }),
      now: dependencies.now,
      redact,
      receipt: (report) => dependencies.receipt(definition.name, report),
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
      typeof rewriteSource === "string" && rewriteSource !== ""
        ? parsePhoneRewrite(rewriteSource)
        : undefined;
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
      release: () => {
        entry.inFlight--;
        if (entry.retired && entry.inFlight === 0) closeEntry(entry);
      },
      redact,
      revealMessages: dependencies.revealMessages === true,
      closed,
      markClosed,
      smtpServers,
      inFlight: 0,
      retired: false,
    };
    instance.then(
      (created) => {
        entry.resolved = created;
      },
      () => {},
    );
    return entry;
  };

  const pending = new Map<string, Promise<Entry>>();

  const entryFor = async (definition: GatewayDefinition): Promise<Entry> => {
    const existing = entries.get(definition.name);
    if (existing && existing.definition.revision === definition.revision) return existing;
    const key = `${definition.name}\u0000${definition.revision}`;
    let building = pending.get(key);
    if (!building) {
      building = build(definition).finally(() => pending.delete(key));
      pending.set(key, building);
      const entry = await building;
      const current = entries.get(definition.name);
      if (current && current !== entry) retireEntry(current);
      entries.set(definition.name, entry);
      return entry;
    }
    return building;
  };

  const acquireWhenCreated = async (definition: GatewayDefinition): Promise<InstanceLease> => {
    const entry = await entryFor(definition);
    entry.inFlight++;
    try {
      return new Lease(entry, await entry.instance);
    } catch (error) {
      entry.release();
      retireEntry(entry);
      // create() failed: no send was started, so nothing can have gone out.
      throw classify(error, entry, undefined, undefined, 0, true);
    }
  };

  return {
    acquire(definition) {
      const ready = entries.get(definition.name);
      if (ready?.resolved && ready.definition.revision === definition.revision) {
        ready.inFlight++;
        return new Lease(ready, ready.resolved);
      }
      return acquireWhenCreated(definition);
    },
    retire(name) {
      const entry = entries.get(name);
      if (entry) retireEntry(entry);
    },
    retireUsersOfSmtpServer(name) {
      for (const entry of [...entries.values()]) if (entry.smtpServers.has(name)) retireEntry(entry);
    },
    async refreshReferences(currentRevision) {
      for (const entry of [...entries.values()]) {
        for (const [name, revision] of entry.smtpServers) {
          if ((await currentRevision(name)) !== revision) {
            retireEntry(entry);
            break;
          }
        }
      }
    },
    async closeAll() {
      const all = [...entries.values()];
      for (const entry of all) retireEntry(entry);
      await Promise.all([...all.map((entry) => entry.closed), ...closing]);
    },
  };
}

/** One use of an entry's instance. A class, so a send allocates one small object, not a set of closures. */
class Lease implements InstanceLease {
  readonly #entry: Entry;
  readonly #instance: ProviderInstance;
  #released = false;

  constructor(entry: Entry, instance: ProviderInstance) {
    this.#entry = entry;
    this.#instance = instance;
  }

  async send(
    to: string,
    message: LeaseMessage,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ to: string; receipt: DeliveryReceipt }> {
    const entry = this.#entry;
    const recipient = rewritePhone(entry.rewrite, to.trim());
    checkRecipient(entry.recipientContext, to, recipient);
    const variables: TemplateVariables = { phone: recipient, otp: message.text };
    const options: Record<string, TemplateValue> = {};
    for (const [key, render] of entry.options) options[key] = render(variables);
    const headers: Record<string, string> = {};
    for (const [key, render] of entry.headers) headers[key] = render(variables);
    const outgoing: OutgoingMessage = {
      to: recipient,
      text: message.text,
      title: message.title,
      data: message.data,
      options,
      headers,
      render: (template) => renderText(template, variables),
    };
    const deadline = startDeadline(timeoutMs, signal);
    try {
      const receipt = await Promise.race([
        this.#instance.send(outgoing, { signal: deadline.signal }),
        deadline.expired,
      ]);
      return { to: recipient, receipt };
    } catch (error) {
      const classified = classify(error, entry, deadline.signal, signal, timeoutMs);
      if (!entry.revealMessages) hideMessage(classified, message);
      throw classified;
    } finally {
      deadline.dispose();
    }
  }

  async check(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (!this.#instance.check) return;
    const deadline = startDeadline(timeoutMs, signal);
    try {
      await Promise.race([this.#instance.check({ signal: deadline.signal }), deadline.expired]);
    } catch (error) {
      throw classify(error, this.#entry, deadline.signal, signal, timeoutMs);
    } finally {
      deadline.dispose();
    }
  }

  async readReceipt(request: ReceiptRequest): Promise<readonly ReceiptReport[]> {
    if (!this.#instance.readReceipt) {
      throw new ConfigurationError(
        "SMSKIT_E_RECEIPTS_OFF",
        `gateway '${this.#entry.definition.name}' takes no status callbacks: its provider (${this.#entry.provider.manifest.id}) reads none, or they are switched off`,
        { gateway: this.#entry.definition.name },
      );
    }
    try {
      return await this.#instance.readReceipt(request);
    } catch (error) {
      if (isSmskitError(error)) throw error;
      throw new SmsError(
        "SMSKIT_E_RECEIPT_REFUSED",
        this.#entry.redact(
          `gateway '${this.#entry.definition.name}': the status callback could not be read: ${(error as Error)?.message ?? error}`,
        ),
        {
          gateway: this.#entry.definition.name,
          retrySafe: false,
        },
      );
    }
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#entry.release();
  }
}

/** The fields of an SmsError made by another copy of @smskit/core. */
type ForeignSmsError = Pick<
  SmsError,
  "code" | "message" | "gateway" | "provider" | "retrySafe" | "deliveryUnknown" | "details" | "cause"
>;

function adoptSmsError(foreign: ForeignSmsError): SmsError {
  return new SmsError(foreign.code, foreign.message, {
    gateway: foreign.gateway,
    provider: foreign.provider,
    retrySafe: foreign.retrySafe,
    deliveryUnknown: foreign.deliveryUnknown,
    details: { ...foreign.details },
    cause: foreign.cause,
  });
}

/**
 * Censor secrets in an error's message, its details and the messages of its chain of causes; the
 * error's own message keeps only a short excerpt of whatever the gateway answered.
 */
function redactError(error: Error, redact: (text: string) => string): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    try {
      current.message = redact(current.message);
      if (depth === 0) current.message = shortExcerpt(current.message);
      if (typeof current.stack === "string") current.stack = redact(current.stack);
    } catch {
      // Some errors (DOMException) have a read-only message; they come from the platform, not from a gateway.
    }
    const details = (current as { details?: unknown }).details;
    if (details !== null && typeof details === "object" && !Object.isFrozen(details)) {
      for (const [key, value] of Object.entries(details)) {
        if (typeof value === "string") (details as Record<string, unknown>)[key] = redact(value);
      }
    }
    current = current.cause;
  }
}

/** Replace the message text (and title) wherever a gateway echoed it into the error. */
function hideMessage(error: Error, message: LeaseMessage): void {
  const values = [message.text, message.title ?? ""].filter((value) => value.trim() !== "");
  if (values.length === 0) return;
  try {
    redactError(error, createReplacer(values, MESSAGE_PLACEHOLDER));
  } catch {
    // Never let hiding the text replace the error itself.
  }
}

/** Turn whatever a provider threw into an error that names the gateway and carries no secret. */
function classify(
  error: unknown,
  entry: Entry,
  combined: AbortSignal | undefined,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  beforeSend = false,
): SmskitError {
  const gateway = entry.definition.name;
  const provider = entry.provider.manifest.id;
  if (isSmsError(error)) {
    // One made by another copy of @smskit/core becomes one of ours, so `instanceof` holds for callers.
    const own = error instanceof SmsError ? error : adoptSmsError(error as unknown as ForeignSmsError);
    own.gateway ??= gateway;
    own.provider ??= provider;
    redactError(own, entry.redact);
    return own;
  }
  if (isSmskitError(error)) {
    redactError(error, entry.redact);
    return error;
  }
  if (combined?.aborted || error === deadlinePassed) {
    if (callerSignal?.aborted) {
      return new SmsError(
        "SMSKIT_E_SEND_ABORTED",
        `gateway '${gateway}': the send was aborted by the caller; it is not known whether the message was sent`,
        { gateway, provider, retrySafe: false, deliveryUnknown: true },
      );
    }
    return new SmsError(
      "SMSKIT_E_SEND_TIMEOUT",
      `gateway '${gateway}': provider '${provider}' did not finish within ${timeoutMs} ms; it is not known whether the message was sent`,
      { gateway, provider, retrySafe: false, deliveryUnknown: true },
    );
  }
  const reason = entry.redact(error instanceof Error ? error.message : String(error));
  if (beforeSend) {
    return new SmsError(
      "SMSKIT_E_SEND_FAILED",
      `gateway '${gateway}': provider '${provider}' could not be set up: ${reason}; nothing was sent`,
      { gateway, provider, retrySafe: true },
    );
  }
  return new SmsError(
    "SMSKIT_E_SEND_FAILED",
    `gateway '${gateway}': provider '${provider}' failed: ${reason}`,
    {
      gateway,
      provider,
      retrySafe: false,
      deliveryUnknown: true,
    },
  );
}
