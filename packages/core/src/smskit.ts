import { createHash, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import type {
  AnyProviderManifest,
  DeliveryReceipt,
  ProviderPreset,
  ProviderResources,
  ReceiptRequest,
  ResourceLookup,
} from "@smskit/provider";
import type { DependencyContainer } from "tsyringe";
import { applicationResources } from "./application-resources.js";
import { createContainer, providerRegistry, registerProvider, tokens } from "./container.js";
import { DefinitionSecrets } from "./definition-secrets.js";
import {
  exportDefinitions,
  type ImportReport,
  importDefinitions,
  prepareGateway,
  reencryptAll,
  type TransferContext,
} from "./definition-transfer.js";
import { type DiscoveryFailure, type DiscoveryOptions, discoverProviders } from "./discovery.js";
import type { EnqueueOptions } from "./enqueue.js";
import { ConfigurationError, isSmsError, type SendAttempt, SmsError, type SmskitError } from "./errors.js";
import { failedAttempt } from "./gateway-attempt.js";
import type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
import { type GatewayValidationContext, gatewayInvalid } from "./gateway-validation.js";
import { IdempotentSends } from "./idempotent-send.js";
import type { ExportDocument } from "./import-formats.js";
import { createInstanceCache, type ProviderInstanceCache } from "./instance-cache.js";
import { type Logger, silentLogger } from "./logger.js";
import { MessageLog, type MessageLogOptions, type StatusEvent } from "./message-log.js";
import type { MessageQueue } from "./message-queue.js";
import { type MessageQuery, type MessageView, viewOf } from "./message-record.js";
import { type GatewayHealth, PolicyStates } from "./policy-states.js";
import type { ProviderRegistry } from "./provider-registry.js";
import { noQueueError, type QueueBinding } from "./queue-binding.js";
import { bindQueue } from "./queue-host.js";
import type { QueueWorker, WorkerOptions } from "./queue-worker.js";
import { RouteCatalog } from "./route-catalog.js";
import type { RouteDefinition, RouteInput } from "./route-definition.js";
import { RoutePlanner } from "./route-plan.js";
import { SecretCipher } from "./secret-cipher.js";
import { missingKeyError, resolveSecretKey, type SecretKey } from "./secret-key.js";
import { secretSelection } from "./secrets.js";
import { assertTimeout } from "./send-deadline.js";
import { type DispatchContext, dispatch, type SendRequest, targetNotFound } from "./send-dispatch.js";
import { type BulkRow, type BulkSummary, type SendManyOptions, sendMany } from "./send-many.js";
import { SendMetrics } from "./send-metrics.js";
import type { SmtpServerDefinition, SmtpServerInput } from "./smtp-server.js";
import { checkSmtpServer, smtpServerInvalid } from "./smtp-server-validation.js";
import type { GatewayStore } from "./store/gateway-store.js";
import { MemoryMessageStore } from "./store/memory-messages.js";
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
  /** The deadline for this send in milliseconds (default: the instance's `sendTimeoutMs`; at most 2^31−1, about 24.8 days). */
  timeoutMs?: number;
  /**
   * Send at most once per key: a repeat within the window gets the first outcome without sending
   * (also in another process sharing the store); the same key with another request is refused.
   */
  idempotencyKey?: string;
}

/** What a successful send returns. */
export interface SendResult extends DeliveryReceipt {
  /** smskit's id of the message (a ULID): what `status(id)` and the message log know it by. */
  readonly id: string;
  readonly gateway: string;
  readonly provider: string;
  /** The recipient after the REGEXP rewrite. */
  readonly to: string;
  readonly durationMs: number;
  /** Every gateway the send considered, in order (one entry for a gateway target). */
  readonly attempts: readonly SendAttempt[];
  /** The route sent through, when the target was a route. */
  readonly route?: string;
  /** True when this is the stored outcome of an earlier send with the same idempotency key. */
  readonly replayed?: true;
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
  /** Discover providers from the application's package.json (or its directory). */
  discover?: DiscoveryOptions;
  /** Providers to register explicitly (tests, bundles). */
  providers?: readonly unknown[];
  logger?: Logger;
  /** Directory the script provider runs scripts from (default `SMSKIT_SCRIPT_DIR` or `/etc/smskit/scripts`). */
  scriptDirectory?: string;
  /**
   * Further named resources providers may look up with `context.resources.get(kind, name)`: a
   * lookup by name per kind. `directory` and `smtp-server` are smskit's own kinds.
   */
  resources?: Readonly<Record<string, ResourceLookup>>;
  /** The deadline of a send when the caller gives none, in milliseconds (default 60 000, at most 2^31−1). */
  sendTimeoutMs?: number;
  /** How long cached definitions are trusted before the store is asked whether anything changed (default 1000 ms). */
  definitionCacheMs?: number;
  /** How long an idempotency key is remembered, in milliseconds (default 24 hours). */
  idempotencyWindowMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
  /**
   * The 32-byte key that encrypts secrets at rest. Default: `SMSKIT_SECRET_KEY` (base64), else the
   * store's key file (`<store>.key`, created with mode 0600), else a key for this process only.
   */
  secretKey?: Buffer;
  /** Where `SMSKIT_SECRET_KEY` and `SMSKIT_SCRIPT_DIR` are read from (default `process.env`). */
  environment?: NodeJS.ProcessEnv;
  /** The message log: on by default, recipients masked to their last 4 digits, kept 30 days. */
  messageLog?: MessageLogOptions;
  /**
   * Debug logging is on: message texts stay in errors and log lines. Off (the default), a text a
   * gateway echoed back reads `<message>` there, like a secret reads `__CENSORED__`.
   */
  debug?: boolean;
  /** The durable send queue behind `enqueue()` and `work()` (e.g. `createPostgresQueue()` of @smskit/queue-postgres). */
  queue?: MessageQueue;
}

/** What `handleReceipt` did with a status callback. */
export interface ReceiptOutcome {
  /** How many reports the callback held. */
  readonly reports: number;
  /** The ids of the messages they matched (a report for a message not known yet is kept and matched later). */
  readonly messages: readonly string[];
}

/**
 * One application's smskit: its providers, its gateway store and the send pipeline.
 * Create it with `createSmskit`, and `close()` it on shutdown.
 */
export class Smskit extends EventEmitter<{ send: [SendEvent]; status: [StatusEvent] }> {
  /** The DI container holding providers, store and logger. */
  readonly container: DependencyContainer;
  /** Counters and duration histogram per gateway and outcome. */
  readonly metrics = new SendMetrics();
  /** Provider packages discovery found but could not register. */
  readonly discoveryFailures: readonly DiscoveryFailure[];
  readonly store: GatewayStore;
  readonly #registry: ProviderRegistry;
  readonly #logger: Logger;
  /** What providers look up at send time (SMTP servers with their secrets). */
  readonly #resources: ProviderResources;
  /** What a provider's `validate` hook looks up (SMTP servers without their password). */
  readonly #validationResources: ProviderResources;
  readonly #sendTimeoutMs: number;
  readonly #definitionCacheMs: number;
  readonly #now: () => number;
  readonly #definitions = new Map<string, Promise<GatewayDefinition | undefined>>();
  /** The settled entries of `#definitions`, for sends that need not wait for anything. */
  readonly #ready = new Map<string, GatewayDefinition>();
  readonly #instances: ProviderInstanceCache;
  readonly #secrets: DefinitionSecrets;
  readonly #routes: RouteCatalog;
  readonly #policies: PolicyStates;
  readonly #planner = new RoutePlanner();
  readonly #idempotency: IdempotentSends;
  readonly #log: MessageLog;
  readonly #queue: QueueBinding | undefined;
  /** What every send's dispatch looks gateways and routes up with, made once. */
  readonly #dispatch: DispatchContext<SendResult, MessageInput>;
  /** Where the key that encrypts secrets came from. */
  readonly secretKey: Omit<SecretKey, "key">;
  #cacheMarker: string | undefined;
  #cacheCheckedAt = Number.NEGATIVE_INFINITY;
  #closed = false;

  /** Use `createSmskit`. */
  constructor(
    container: DependencyContainer,
    options: SmskitOptions,
    discoveryFailures: readonly DiscoveryFailure[],
    secretKey: SecretKey,
  ) {
    super();
    this.container = container;
    this.discoveryFailures = discoveryFailures;
    this.store = container.resolve<GatewayStore>(tokens.store);
    this.#logger = container.resolve<Logger>(tokens.logger);
    this.#registry = providerRegistry(container);
    const scriptDirectory =
      options.scriptDirectory ??
      (options.environment ?? process.env).SMSKIT_SCRIPT_DIR ??
      "/etc/smskit/scripts";
    this.secretKey = { source: secretKey.source, file: secretKey.file };
    this.#secrets = new DefinitionSecrets(() => secretKey.key, describeKey(secretKey));
    const smtpServer = async (name: string) => {
      const stored = await this.store.getSmtpServer(name);
      return stored && this.#secrets.decryptSmtpServer(stored);
    };
    this.#resources = applicationResources({ scriptDirectory, smtpServer }, options.resources);
    this.#validationResources = applicationResources(
      {
        scriptDirectory,
        smtpServer: async (name) => {
          const server = await smtpServer(name);
          if (!server) return undefined;
          const { password: _password, ...withoutPassword } = server;
          return withoutPassword;
        },
      },
      options.resources,
    );
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
    this.#definitionCacheMs = options.definitionCacheMs ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#routes = new RouteCatalog(this.store);
    this.#policies = new PolicyStates(this.#now);
    this.#dispatch = {
      gateway: (name) =>
        (this.#now() - this.#cacheCheckedAt <= this.#definitionCacheMs ? this.#ready.get(name) : undefined) ??
        this.#definition(name),
      route: (name) => this.#routes.cached(name),
      readyRoute: (name) =>
        this.#now() - this.#cacheCheckedAt <= this.#definitionCacheMs ? this.#routes.ready(name) : undefined,
      sendOnce: (definition, request, timeoutMs) => this.#sendOnce(definition, request, timeoutMs),
      policies: this.#policies,
      planner: this.#planner,
    };
    this.#idempotency = new IdempotentSends(
      this.store,
      () => secretKey.key,
      options.idempotencyWindowMs ?? 24 * 60 * 60 * 1000,
      this.#now,
    );
    this.#log = new MessageLog(this.store.messages ?? new MemoryMessageStore(), options.messageLog ?? {}, {
      logger: this.#logger,
      now: this.#now,
      listening: () => this.listenerCount("status") > 0,
      onChange: (event) => this.emit("status", event),
    });
    this.#queue =
      options.queue &&
      bindQueue(options.queue, {
        log: this.#log,
        messages: this.store.messages,
        idempotency: this.#idempotency,
        recipients: options.messageLog?.recipients ?? "masked",
        logger: this.#logger,
        now: this.#now,
        dispatch: this.#dispatch,
        gateway: (name) => this.#definition(name),
        route: (name) => this.#routes.cached(name),
        sendTimeoutMs: this.#sendTimeoutMs,
      });
    this.#instances = createInstanceCache({
      receipt: (gateway, report) => {
        this.#log
          .receipt(gateway, report)
          .catch((error: Error) =>
            this.#logger.warn("a delivery receipt could not be recorded", { gateway, error: error.message }),
          );
      },
      registry: this.#registry,
      logger: this.#logger,
      now: this.#now,
      validation: this.#validation(),
      revealMessages: options.debug === true,
      resources: this.#resources,
      smtpServer,
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
    const prepared = await prepareGateway(this.#transfer(), input, this.#validation());
    if ("issues" in prepared) throw gatewayInvalid(String(input.name), prepared.issues);
    const clash = await this.#routes.nameClash(prepared.record.name);
    if (clash) throw gatewayInvalid(prepared.record.name, [clash]);
    const provider = this.#registry.get(prepared.record.provider);
    const selection = secretSelection(provider?.secretParameters ?? new Set(), prepared.record);
    const stored = await this.store.putGateway(
      this.#secrets.encryptGateway(prepared.record, selection),
      options,
    );
    this.#forget(stored.name);
    return this.#censor(stored);
  }

  /** Validate a definition without saving it. */
  async validateGateway(input: GatewayInput): Promise<void> {
    const prepared = await prepareGateway(this.#transfer(), input, this.#validation());
    if ("issues" in prepared) throw gatewayInvalid(String(input.name), prepared.issues);
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

  /** Delete a definition and close its provider instance; false when there was none; refused while routes use it. */
  async deleteGateway(name: string): Promise<boolean> {
    this.#assertOpen();
    await this.#routes.assertUnused(name);
    const deleted = await this.store.deleteGateway(name);
    this.#forget(name);
    this.#policies.forget(name);
    return deleted;
  }

  /** Validate and save a route (create or replace); refused when it names an unknown gateway or another route. */
  async saveRoute(input: RouteInput, options: { expectedRevision?: number } = {}): Promise<RouteDefinition> {
    this.#assertOpen();
    return this.#routes.save(input, options);
  }

  /** The stored route, or undefined. */
  getRoute(name: string): Promise<RouteDefinition | undefined> {
    return this.store.getRoute(name);
  }

  /** Every route, ordered by name. */
  listRoutes(): Promise<RouteDefinition[]> {
    return this.store.listRoutes();
  }

  /** Delete a route; false when there was none. */
  async deleteRoute(name: string): Promise<boolean> {
    this.#assertOpen();
    return this.#routes.delete(name);
  }

  /** Names of the routes that list this gateway. */
  routesUsingGateway(name: string): Promise<string[]> {
    return this.#routes.usersOf(name);
  }

  /** A gateway's health in this process: its circuit breaker's state, when it has one. */
  gatewayHealth(name: string): GatewayHealth {
    return this.#policies.health(name);
  }

  /** The send metrics and the breaker states in Prometheus' text exposition format. */
  metricsText(): string {
    return this.metrics.toPrometheus() + this.#policies.toPrometheus() + this.#log.metrics.toPrometheus();
  }

  /**
   * Send a message to a target: a gateway, or a route over gateways. Resolves with what the gateway
   * that accepted it reported and every attempt, or rejects with an `SmsError` naming the gateway,
   * saying whether a retry is safe and listing the attempts (or a `ConfigurationError` when the
   * target does not exist or a definition is unusable).
   */
  send(
    target: string,
    to: string,
    message: string | MessageInput,
    options: SendOptions = {},
  ): Promise<SendResult> {
    if (this.#closed) return Promise.reject(closedError());
    if (options.timeoutMs !== undefined) {
      try {
        assertTimeout(options.timeoutMs, "timeoutMs");
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const input = typeof message === "string" ? { text: message } : message;
    const deadlineAt = performance.now() + (options.timeoutMs ?? this.#sendTimeoutMs);
    const request = { to, message: input, deadlineAt, signal: options.signal };
    if (options.idempotencyKey === undefined)
      return this.#logged(target, to, dispatch(this.#dispatch, target, request));
    const identity = { target, to, text: input.text, title: input.title, data: input.data };
    return this.#idempotency.run(options.idempotencyKey, identity, deadlineAt, () =>
      this.#logged(target, to, dispatch(this.#dispatch, target, request)),
    );
  }

  /**
   * Send many messages: every row of a (possibly asynchronous) iterable through `send`, at most
   * `concurrency` at a time, pulling rows only as slots free up. Each row gets what a single send
   * gets — routes, breakers, rate limits, retries, idempotency. Resolves with the counters once
   * the input is exhausted or `signal` stopped it (rows in flight finish); `onResult` hears of
   * each row, `onProgress` of the counters.
   */
  sendMany<Row extends BulkRow>(
    rows: Iterable<Row> | AsyncIterable<Row>,
    options: SendManyOptions<Row> = {},
  ): Promise<BulkSummary> {
    return sendMany(
      (target, to, message, sendOptions) => this.send(target, to, message, sendOptions),
      rows,
      options,
    );
  }

  /** Give the send its id and record it in the message log once it is over (never waiting for the store). */
  #logged(target: string, to: string, sending: Promise<SendResult>): Promise<SendResult> {
    const id = this.#log.nextId();
    const log = this.#log;
    return sending.then(
      (result) => {
        (result as { id: string }).id = id;
        if (log.enabled) log.sent(id, target, result);
        return result;
      },
      (error: unknown) => {
        if (log.enabled && isSmsError(error)) {
          log.failed(id, target, to, {
            gateway: error.gateway,
            provider: error.provider,
            code: error.code,
            unknown: error.deliveryUnknown,
          });
        }
        throw error;
      },
    );
  }

  /**
   * Put a message in the durable queue: resolves with its id once it is stored (`queued` in the
   * message log); a worker (`work()`, here or in another process) sends it. Needs `createSmskit({ queue })`.
   */
  enqueue(
    target: string,
    to: string,
    message: string | MessageInput,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (this.#closed) return Promise.reject(closedError());
    if (!this.#queue) return Promise.reject(noQueueError());
    return this.#queue.enqueue(
      target,
      to,
      typeof message === "string" ? { text: message } : message,
      options,
    );
  }

  /** Start a worker sending what the queue holds; `await worker.stop()` finishes its in-flight sends. */
  work(options: WorkerOptions = {}): QueueWorker {
    this.#assertOpen();
    if (!this.#queue) throw noQueueError();
    return this.#queue.work(options);
  }

  /** A message of the log: its status, history and the gateway's ids; undefined when unknown or pruned. */
  async status(id: string): Promise<MessageView | undefined> {
    const record = await this.#log.get(id);
    return record && viewOf(record);
  }

  /** Messages of the log, newest first (default at most 100). */
  async messages(query: MessageQuery = {}): Promise<MessageView[]> {
    return (await this.#log.list(query)).map(viewOf);
  }

  /**
   * Read an HTTP status callback for a gateway with its provider's `readReceipt` and apply what it
   * reports. Mount it in any web framework; it throws `SMSKIT_E_RECEIPT_REFUSED` (nothing changed)
   * when the callback is not genuine, `SMSKIT_E_RECEIPTS_OFF` when the gateway takes none. With
   * `secret` (the secret part of the callback URL) it must equal the gateway's `RECEIPT_SECRET`
   * parameter, else the gateway counts as not found (`SMSKIT_E_GATEWAY_NOT_FOUND`).
   */
  async handleReceipt(
    gateway: string,
    request: ReceiptRequest,
    options: { secret?: string } = {},
  ): Promise<ReceiptOutcome> {
    this.#assertOpen();
    const definition = await this.#definition(gateway);
    if (!definition) throw targetNotFound(gateway);
    if (options.secret !== undefined && !sameSecret(options.secret, definition.parameters.RECEIPT_SECRET)) {
      // Told apart from an unknown gateway by nobody: a wrong secret looks exactly like a missing gateway.
      throw targetNotFound(gateway);
    }
    const lease = await this.#instances.acquire(definition);
    let reports: Awaited<ReturnType<typeof lease.readReceipt>>;
    try {
      reports = await lease.readReceipt(request);
    } finally {
      lease.release();
    }
    const messages: string[] = [];
    for (const report of reports) {
      const id = await this.#log.receipt(gateway, report);
      if (id !== undefined) messages.push(id);
    }
    return { reports: reports.length, messages };
  }

  /** One send through one gateway: metrics, the `send` event and the log line. */
  async #sendOnce(
    definition: GatewayDefinition,
    { to, message: input, signal }: SendRequest<MessageInput>,
    timeoutMs: number,
  ): Promise<SendResult> {
    const started = performance.now();
    const gateway = definition.name;
    const acquired = this.#instances.acquire(definition);
    const lease = acquired instanceof Promise ? await acquired : acquired;
    try {
      const result = await lease.send(to, input, timeoutMs, signal);
      const durationMs = performance.now() - started;
      const sent: SendResult = {
        id: "",
        ...result.receipt,
        gateway,
        provider: definition.provider,
        to: result.to,
        durationMs,
        attempts: [{ gateway, outcome: "sent", tries: 1 }],
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
      if (isSmsError(failure)) failure.attempts = [failedAttempt(gateway, 1, failure)];
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

  /**
   * The secret of a gateway's callback URL — its `RECEIPT_SECRET` parameter, decrypted — for an
   * application that shows the URL to paste into the vendor's console; undefined without one.
   */
  async receiptSecret(gateway: string): Promise<string | undefined> {
    const secret = (await this.#definition(gateway))?.parameters.RECEIPT_SECRET;
    return typeof secret === "string" && secret !== "" ? secret : undefined;
  }

  /** Run the provider's deep check (`check()`) of a gateway; throws what the provider found. */
  async checkGateway(name: string, options: SendOptions = {}): Promise<void> {
    this.#assertOpen();
    if (options.timeoutMs !== undefined) assertTimeout(options.timeoutMs, "timeoutMs");
    const definition = await this.#definition(name);
    if (!definition) throw targetNotFound(name);
    const lease = await this.#instances.acquire(definition);
    try {
      await lease.check(options.timeoutMs ?? this.#sendTimeoutMs, options.signal);
    } finally {
      lease.release();
    }
  }

  /** Validate and save a central SMTP server definition (create or replace); gateways using it pick it up. */
  async saveSmtpServer(
    input: SmtpServerInput,
    options: { expectedRevision?: number } = {},
  ): Promise<SmtpServerDefinition> {
    this.#assertOpen();
    const storedRaw = typeof input.name === "string" ? await this.store.getSmtpServer(input.name) : undefined;
    const stored = storedRaw && this.#secrets.decryptSmtpServer(storedRaw);
    const { record, issues } = checkSmtpServer(input, stored?.password);
    if (!record) throw smtpServerInvalid(String(input.name), issues);
    const saved = await this.store.putSmtpServer(this.#secrets.encryptSmtpServer(record), options);
    this.#instances.retireUsersOfSmtpServer(saved.name);
    return this.#secrets.censorSmtpServer(saved);
  }

  /** An SMTP server definition with its password shown as `__CENSORED__`. */
  async getSmtpServer(name: string): Promise<SmtpServerDefinition | undefined> {
    const stored = await this.store.getSmtpServer(name);
    return stored && this.#secrets.censorSmtpServer(stored);
  }

  /** Every SMTP server definition, passwords censored. */
  async listSmtpServers(): Promise<SmtpServerDefinition[]> {
    return (await this.store.listSmtpServers()).map((server) => this.#secrets.censorSmtpServer(server));
  }

  /** Delete an SMTP server definition; refused, naming them, while gateways use it. */
  async deleteSmtpServer(name: string): Promise<boolean> {
    this.#assertOpen();
    const users = await this.gatewaysUsingSmtpServer(name);
    if (users.length > 0) {
      throw new ConfigurationError(
        "SMSKIT_E_SMTP_SERVER_IN_USE",
        `SMTP server '${name}' is used by gateway${users.length > 1 ? "s" : ""} ${users.map((user) => `'${user}'`).join(", ")}; point ${users.length > 1 ? "them" : "it"} at another server or delete ${users.length > 1 ? "them" : "it"} first`,
      );
    }
    const deleted = await this.store.deleteSmtpServer(name);
    this.#instances.retireUsersOfSmtpServer(name);
    return deleted;
  }

  /** Names of the gateways whose parameters name this SMTP server. */
  async gatewaysUsingSmtpServer(name: string): Promise<string[]> {
    const users: string[] = [];
    for (const gateway of await this.store.listGateways()) {
      const provider = this.#registry.get(gateway.provider);
      for (const [key, kind] of provider?.references ?? []) {
        if (kind === "smtp-server" && gateway.parameters[key] === name) users.push(gateway.name);
      }
    }
    return users;
  }

  /** Every gateway and SMTP server as one versioned document; secrets in clear text unless `censor`. */
  async exportDefinitions(options: { censor?: boolean } = {}): Promise<ExportDocument> {
    return exportDefinitions(this.#transfer(), options.censor === true);
  }

  /**
   * Import smskit's export or privacyIDEA's gateway or configuration export. Validated whole and
   * applied atomically: one problem refuses everything (`SMSKIT_E_IMPORT_INVALID`, listing every
   * problem). `dryRun` validates and reports without writing.
   */
  async importDefinitions(document: unknown, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
    this.#assertOpen();
    const { report, changedGateways, changedSmtpServers, changedRoutes } = await importDefinitions(
      this.#transfer(),
      document,
      options.dryRun === true,
    );
    for (const name of changedGateways) this.#forget(name);
    for (const name of changedSmtpServers) this.#instances.retireUsersOfSmtpServer(name);
    if (changedRoutes.length > 0) this.#routes.clear();
    return report;
  }

  /**
   * Re-encrypt every stored secret with `newKey` in one transaction and use that key from now on.
   * Keeping the key where the next start finds it (key file, SMSKIT_SECRET_KEY) is the caller's part.
   */
  async rotateSecretKey(newKey: Buffer): Promise<{ gateways: number; smtpServers: number }> {
    this.#assertOpen();
    const counts = await reencryptAll(this.#transfer(), newKey);
    this.#secrets.replaceKey(newKey);
    this.#definitions.clear();
    this.#ready.clear();
    return counts;
  }

  /** Stop accepting sends, close every provider instance (after in-flight sends), then the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue?.close();
    await this.#instances.closeAll();
    await this.#log.close();
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
        this.#ready.clear();
        this.#routes.clear();
        await this.#instances.refreshReferences(
          async (server) => (await this.store.getSmtpServer(server))?.revision,
        );
      }
    }
    let cached = this.#definitions.get(name);
    if (!cached) {
      const loading = this.store
        .getGateway(name)
        .then((stored) => stored && this.#secrets.decryptGateway(stored));
      cached = loading;
      this.#definitions.set(name, loading);
      loading.then(
        (definition) => {
          if (definition && this.#definitions.get(name) === loading) this.#ready.set(name, definition);
        },
        () => this.#definitions.delete(name),
      );
    }
    const definition = await cached;
    if (!definition) this.#instances.retire(name);
    return definition;
  }

  #censor(definition: GatewayDefinition): GatewayDefinition {
    const provider = this.#registry.get(definition.provider);
    return this.#secrets.censorGateway(
      definition,
      secretSelection(provider?.secretParameters ?? new Set(), definition),
    );
  }

  #validation(): GatewayValidationContext {
    return {
      resources: this.#validationResources,
      smtpServerExists: async (name) => (await this.store.getSmtpServer(name)) !== undefined,
    };
  }

  #transfer(): TransferContext {
    return {
      registry: this.#registry,
      store: this.store,
      secrets: this.#secrets,
      validation: this.#validation(),
    };
  }

  #forget(name: string): void {
    this.#definitions.delete(name);
    this.#ready.delete(name);
    this.#instances.retire(name);
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }
}

/** Create an application's smskit: container, store, providers (discovered and explicit). */
export async function createSmskit(options: SmskitOptions = {}): Promise<Smskit> {
  if (options.sendTimeoutMs !== undefined) assertTimeout(options.sendTimeoutMs, "sendTimeoutMs");
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
  const store = container.resolve<GatewayStore>(tokens.store);
  const secretKey: SecretKey = options.secretKey
    ? { key: options.secretKey, source: "memory" }
    : resolveSecretKey({ environment: options.environment ?? process.env, keyFile: store.keyFile });
  // A secret is stored only after its key file exists, so secrets found without the file (checked
  // again afterwards: another process may have just written both) mean the file was lost.
  const keyFile = secretKey.source === "file" ? secretKey.file : undefined;
  if (keyFile && !existsSync(keyFile) && (await holdsSecrets(store)) && !existsSync(keyFile)) {
    throw missingKeyError(keyFile);
  }
  return new Smskit(container, options, failures, secretKey);
}

/** Whether any stored definition holds an encrypted value. */
async function holdsSecrets(store: GatewayStore): Promise<boolean> {
  const encrypted = (values: Readonly<Record<string, unknown>>) =>
    Object.values(values).some((value) => SecretCipher.isEncrypted(value));
  for (const gateway of await store.listGateways()) {
    if (encrypted(gateway.parameters) || encrypted(gateway.options) || encrypted(gateway.headers))
      return true;
  }
  for (const server of await store.listSmtpServers()) {
    if (encrypted(server as unknown as Record<string, unknown>)) return true;
  }
  return false;
}

function describeKey(key: SecretKey): string {
  if (key.source === "environment") return "SMSKIT_SECRET_KEY";
  if (key.source === "file") return `the key file ${key.file}`;
  return "this process's key";
}

function sameSecret(given: string, stored: unknown): boolean {
  if (typeof stored !== "string" || stored === "") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(stored).digest();
  return timingSafeEqual(a, b);
}

function closedError(): SmsError {
  return new SmsError("SMSKIT_E_CLOSED", "smskit is closed; create a new instance", { retrySafe: true });
}
