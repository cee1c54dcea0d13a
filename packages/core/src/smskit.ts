import { EventEmitter } from "node:events";
import type { DependencyContainer } from "tsyringe";
import { createContainer, providerRegistry, registerProvider, tokens } from "./container.js";
import { type DiscoveryFailure, discoverProviders } from "./discovery.js";
import { ConfigurationError, SmsError, type SmskitError } from "./errors.js";
import type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
import { validateGateway } from "./gateway-validation.js";
import { createInstanceCache, type ProviderInstanceCache } from "./instance-cache.js";
import { type Logger, silentLogger } from "./logger.js";
import type { AnyProviderManifest, DeliveryReceipt, ProviderPreset } from "./provider-contract.js";
import type { ProviderRegistry } from "./provider-registry.js";
import { CENSORED, censorDefinition, isSecretKey, restoreCensored } from "./secrets.js";
import { SendMetrics } from "./send-metrics.js";
import type { GatewayStore } from "./store/gateway-store.js";
import { MemoryGatewayStore } from "./store/memory-store.js";

/** The message to send: a text, or for push a body with a title and data. */
export interface MessageInput {
  /** The message text (`{otp}`); the body of a push notification. */
  text: string;
  /** A push notification's title. */
  title?: string;
  /** A push message's data (string values). */
  data?: Record<string, string>;
}

/** Per-send options. */
export interface SendOptions {
  /** Abort the send (the result is then `SMSKIT_E_SEND_ABORTED`). */
  signal?: AbortSignal;
  /** The deadline for this send in milliseconds (default: the instance's `sendTimeoutMs`). */
  timeoutMs?: number;
}

/** What a successful send returns. */
export interface SendResult extends DeliveryReceipt {
  readonly gateway: string;
  readonly provider: string;
  /** The recipient after the REGEXP rewrite. */
  readonly to: string;
  readonly durationMs: number;
}

/** What listeners of the `send` event receive, once per finished send. */
export interface SendEvent {
  readonly gateway: string;
  readonly provider: string;
  readonly outcome: "success" | "failure";
  readonly durationMs: number;
  readonly result?: SendResult;
  readonly error?: SmskitError;
}

/** A provider as applications and tools see it (`smskit providers --json`). */
export interface ProviderInfo {
  readonly id: string;
  readonly kind: "sms" | "push";
  readonly package: string | undefined;
  readonly version: string | undefined;
  readonly displayName: string;
  readonly description: string;
  readonly docsUrl: string | undefined;
  readonly parameters: AnyProviderManifest["parameters"];
  readonly optionsAllowed: boolean;
  readonly headersAllowed: boolean;
  readonly legacyNames: readonly string[];
  readonly presets: readonly ProviderPreset[];
}

/** Options of `createSmskit`. */
export interface SmskitOptions {
  /** Where definitions live (default: in memory). */
  store?: GatewayStore;
  /** The application's container (default: a new one). */
  container?: DependencyContainer;
  /** Discover providers from the application's package.json. */
  discover?: { packageJson: string; includeDevDependencies?: boolean };
  /** Providers to register explicitly (tests, bundles). */
  providers?: readonly unknown[];
  logger?: Logger;
  /** Directory the script provider runs scripts from (default `SMSKIT_SCRIPT_DIR` or `/etc/smskit/scripts`). */
  scriptDirectory?: string;
  /** The deadline of a send when the caller gives none, in milliseconds (default 60 000). */
  sendTimeoutMs?: number;
  /** How long cached definitions are trusted before the store is asked whether anything changed (default 1000 ms). */
  definitionCacheMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

/**
 * One application's smskit: its providers, its gateway store and the send pipeline.
 * Create it with `createSmskit`, and `close()` it on shutdown.
 */
export class Smskit extends EventEmitter<{ send: [SendEvent] }> {
  /** The DI container holding providers, store and logger. */
  readonly container: DependencyContainer;
  /** Counters and duration histogram per gateway and outcome. */
  readonly metrics = new SendMetrics();
  /** Provider packages discovery found but could not register. */
  readonly discoveryFailures: readonly DiscoveryFailure[];
  readonly store: GatewayStore;
  readonly #registry: ProviderRegistry;
  readonly #logger: Logger;
  readonly #scriptDirectory: string;
  readonly #sendTimeoutMs: number;
  readonly #definitionCacheMs: number;
  readonly #now: () => number;
  readonly #definitions = new Map<string, Promise<GatewayDefinition | undefined>>();
  readonly #instances: ProviderInstanceCache;
  #cacheMarker: string | undefined;
  #cacheCheckedAt = Number.NEGATIVE_INFINITY;
  #closed = false;

  /** Use `createSmskit`. */
  constructor(
    container: DependencyContainer,
    options: SmskitOptions,
    discoveryFailures: readonly DiscoveryFailure[],
  ) {
    super();
    this.container = container;
    this.discoveryFailures = discoveryFailures;
    this.store = container.resolve<GatewayStore>(tokens.store);
    this.#logger = container.resolve<Logger>(tokens.logger);
    this.#registry = providerRegistry(container);
    this.#scriptDirectory = options.scriptDirectory ?? process.env.SMSKIT_SCRIPT_DIR ?? "/etc/smskit/scripts";
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
    this.#definitionCacheMs = options.definitionCacheMs ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#instances = createInstanceCache({
      registry: this.#registry,
      logger: this.#logger,
      now: this.#now,
      scriptDirectory: this.#scriptDirectory,
    });
  }

  /** Every registered provider, ordered by id. */
  providers(): ProviderInfo[] {
    return this.#registry.list().map(({ manifest, origin }) => ({
      id: manifest.id,
      kind: manifest.kind,
      package: origin.package,
      version: origin.version,
      displayName: manifest.displayName,
      description: manifest.description,
      docsUrl: manifest.docsUrl,
      parameters: manifest.parameters,
      optionsAllowed: manifest.optionsAllowed,
      headersAllowed: manifest.headersAllowed,
      legacyNames: manifest.legacyNames ?? [],
      presets: manifest.presets ?? [],
    }));
  }

  /**
   * Validate and save a definition (create or replace). A refused definition throws a
   * `ConfigurationError` listing every problem and leaves the stored one untouched.
   */
  async saveGateway(
    input: GatewayInput,
    options: { expectedRevision?: number } = {},
  ): Promise<GatewayDefinition> {
    this.#assertOpen();
    const prepared = await this.#restoreSecrets(input);
    const validated = await validateGateway(prepared, this.#registry, {
      scriptDirectory: this.#scriptDirectory,
    });
    const stored = await this.store.putGateway(validated.record, options);
    this.#forget(stored.name);
    return stored;
  }

  /** Validate a definition without saving it. */
  async validateGateway(input: GatewayInput): Promise<void> {
    await validateGateway(input, this.#registry, { scriptDirectory: this.#scriptDirectory });
  }

  /** The stored definition with every secret shown as `__CENSORED__`, or undefined. */
  async getGateway(name: string): Promise<GatewayDefinition | undefined> {
    const definition = await this.store.getGateway(name);
    return definition && this.#censor(definition);
  }

  /** Every stored definition, ordered by name, secrets shown as `__CENSORED__`. */
  async listGateways(): Promise<GatewayDefinition[]> {
    return (await this.store.listGateways()).map((definition) => this.#censor(definition));
  }

  /** Delete a definition and close its provider instance; false when there was none. */
  async deleteGateway(name: string): Promise<boolean> {
    this.#assertOpen();
    const deleted = await this.store.deleteGateway(name);
    this.#forget(name);
    return deleted;
  }

  /**
   * Send a message through a gateway. Resolves with what the provider reported, or rejects
   * with an `SmsError` naming the gateway and saying whether a retry is safe (or a
   * `ConfigurationError` when the gateway does not exist or its definition is unusable).
   */
  async send(
    gateway: string,
    to: string,
    message: string | MessageInput,
    options: SendOptions = {},
  ): Promise<SendResult> {
    this.#assertOpen();
    const started = performance.now();
    const input = typeof message === "string" ? { text: message } : message;
    const definition = await this.#definition(gateway);
    if (!definition) throw notFound(gateway);
    const lease = await this.#instances.acquire(definition);
    try {
      const result = await lease.send(to, input, options.timeoutMs ?? this.#sendTimeoutMs, options.signal);
      const durationMs = performance.now() - started;
      const sent: SendResult = {
        ...result.receipt,
        gateway,
        provider: definition.provider,
        to: result.to,
        durationMs,
      };
      this.metrics.record(gateway, definition.provider, "success", durationMs / 1000);
      if (this.listenerCount("send") > 0) {
        this.emit("send", {
          gateway,
          provider: definition.provider,
          outcome: "success",
          durationMs,
          result: sent,
        });
      }
      return sent;
    } catch (error) {
      const durationMs = performance.now() - started;
      this.metrics.record(gateway, definition.provider, "failure", durationMs / 1000);
      const failure = error as SmskitError;
      this.#logger.warn("send failed", {
        gateway,
        provider: definition.provider,
        code: failure.code,
        error: failure.message,
      });
      if (this.listenerCount("send") > 0) {
        this.emit("send", {
          gateway,
          provider: definition.provider,
          outcome: "failure",
          durationMs,
          error: failure,
        });
      }
      throw error;
    } finally {
      lease.release();
    }
  }

  /** Run the provider's deep check (`check()`) of a gateway; throws what the provider found. */
  async checkGateway(name: string, options: SendOptions = {}): Promise<void> {
    this.#assertOpen();
    const definition = await this.#definition(name);
    if (!definition) throw notFound(name);
    const lease = await this.#instances.acquire(definition);
    try {
      await lease.check(options.timeoutMs ?? this.#sendTimeoutMs, options.signal);
    } finally {
      lease.release();
    }
  }

  /** Stop accepting sends, close every provider instance (after in-flight sends), then the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#instances.closeAll();
    await this.store.close();
  }

  async #definition(name: string): Promise<GatewayDefinition | undefined> {
    const now = this.#now();
    if (now - this.#cacheCheckedAt > this.#definitionCacheMs) {
      this.#cacheCheckedAt = now;
      const marker = await this.store.changeMarker();
      if (marker !== this.#cacheMarker) {
        this.#cacheMarker = marker;
        this.#definitions.clear();
      }
    }
    let cached = this.#definitions.get(name);
    if (!cached) {
      cached = this.store.getGateway(name);
      this.#definitions.set(name, cached);
      cached.catch(() => this.#definitions.delete(name));
    }
    const definition = await cached;
    if (!definition) this.#instances.retire(name);
    return definition;
  }

  #censor(definition: GatewayDefinition): GatewayDefinition {
    const provider = this.#registry.get(definition.provider);
    const secretParameters =
      provider?.secretParameters ??
      new Set(Object.keys(definition.parameters).filter((key) => isSecretKey(key)));
    return censorDefinition(definition, secretParameters);
  }

  /** Replace `__CENSORED__` written back with the stored secret; refuse it when none is stored. */
  async #restoreSecrets(input: GatewayInput): Promise<GatewayInput> {
    const provider = this.#registry.get(String(input.provider ?? ""));
    if (!provider || typeof input.name !== "string") return input;
    const stored = await this.store.getGateway(input.name);
    const { record, missing } = restoreCensored(
      { parameters: input.parameters ?? {}, options: input.options ?? {}, headers: input.headers ?? {} },
      stored?.provider === provider.manifest.id ? stored : undefined,
      provider.secretParameters,
    );
    if (missing.length > 0) {
      const issues = missing.map((key) => ({
        key,
        message: `is ${CENSORED} but gateway '${input.name}' has no stored value to keep; give the secret itself`,
      }));
      throw new ConfigurationError(
        "SMSKIT_E_GATEWAY_INVALID",
        `gateway '${input.name}': ${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}`,
        { gateway: input.name, issues },
      );
    }
    return { ...input, ...record };
  }

  #forget(name: string): void {
    this.#definitions.delete(name);
    this.#instances.retire(name);
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new SmsError("SMSKIT_E_CLOSED", "smskit is closed; create a new instance", { retrySafe: true });
  }
}

/** Create an application's smskit: container, store, providers (discovered and explicit). */
export async function createSmskit(options: SmskitOptions = {}): Promise<Smskit> {
  const container = options.container ?? createContainer();
  if (!container.isRegistered(tokens.registry, true)) {
    throw new ConfigurationError(
      "SMSKIT_E_USAGE",
      "the container was not made by createContainer(); pass none or one from createContainer()",
    );
  }
  container.registerInstance(tokens.store, options.store ?? new MemoryGatewayStore());
  container.registerInstance(tokens.logger, options.logger ?? silentLogger);
  const failures: DiscoveryFailure[] = [];
  if (options.discover) failures.push(...(await discoverProviders(container, options.discover)).failures);
  for (const manifest of options.providers ?? []) registerProvider(container, manifest);
  return new Smskit(container, options, failures);
}

function notFound(gateway: string): ConfigurationError {
  return new ConfigurationError(
    "SMSKIT_E_GATEWAY_NOT_FOUND",
    `gateway '${gateway}' is not defined; list the defined ones with 'smskit gateway list'`,
    { gateway },
  );
}
