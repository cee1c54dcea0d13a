import { EventEmitter } from "node:events";
import type { ReceiptRequest } from "@smskit/provider";
import type { DependencyContainer } from "tsyringe";
import { providerRegistry } from "./container.js";
import { exportDefinitions, reencryptAll } from "./definition-export.js";
import { type ImportReport, importDefinitions } from "./definition-import.js";
import type { DiscoveryFailure } from "./discovery.js";
import { coreErrors, type SmsError } from "./errors.js";
import type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
import type { ExportDocument } from "./import-formats.js";
import type { StatusEvent } from "./message-log.js";
import { type MessageQuery, type MessageView, viewOf } from "./message-record.js";
import type { GatewayHealth } from "./policy-states.js";
import { type ProviderInfo, providerInfo } from "./provider-info.js";
import type { EnqueueOptions, QueueWorker, WorkerOptions } from "./queue-binding.js";
import type { RouteDefinition, RouteInput } from "./route-definition.js";
import type { SecretKey } from "./secret-key.js";
import { assertTimeout } from "./send-deadline.js";
import { type BulkRow, type BulkSummary, type SendManyOptions, sendMany } from "./send-many.js";
import type { SendMetrics } from "./send-metrics.js";
import type { SmskitOptions } from "./smskit-options.js";
import { assembleParts, metricsText, type SmskitParts } from "./smskit-parts.js";
import type { MessageInput, ReceiptOutcome, SendEvent, SendOptions, SendResult } from "./smskit-types.js";
import type { SmtpServerDefinition, SmtpServerInput } from "./smtp-server.js";
import type { GatewayStore } from "./store/gateway-store.js";

/**
 * One application's smskit: its providers, its gateway store and the send pipeline.
 * Create it with `createSmskit`, and `close()` it on shutdown. Each concern lives in a part of
 * its own (smskit-parts.ts); this class is the application's one handle on them.
 */
export class Smskit extends EventEmitter<{ send: [SendEvent]; status: [StatusEvent] }> {
  /** The DI container holding providers, store and logger. */
  readonly container: DependencyContainer;
  /** Counters and duration histogram per gateway and outcome. */
  readonly metrics: SendMetrics;
  /** Provider packages discovery found but could not register. */
  readonly discoveryFailures: readonly DiscoveryFailure[];
  readonly store: GatewayStore;
  /** Where the key that encrypts secrets came from. */
  readonly secretKey: Omit<SecretKey, "key">;
  readonly #parts: SmskitParts;
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
    this.secretKey = { source: secretKey.source, file: secretKey.file };
    this.#parts = assembleParts(container, options, secretKey, this);
    this.store = this.#parts.store;
    this.metrics = this.#parts.metrics;
  }

  /** Every registered provider, ordered by id. */
  providers(): ProviderInfo[] {
    return providerRegistry(this.container).list().map(providerInfo);
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
    return this.#parts.gateways.save(input, options);
  }

  /** Validate a definition without saving it. */
  validateGateway(input: GatewayInput): Promise<void> {
    return this.#parts.gateways.validate(input);
  }

  /** The stored definition with every secret shown as `__CENSORED__`, or undefined. */
  getGateway(name: string): Promise<GatewayDefinition | undefined> {
    return this.#parts.gateways.get(name);
  }

  /** Every stored definition, ordered by name, secrets shown as `__CENSORED__`. */
  listGateways(): Promise<GatewayDefinition[]> {
    return this.#parts.gateways.list();
  }

  /** Delete a definition and close its provider instance; false when there was none; refused while routes use it. */
  async deleteGateway(name: string): Promise<boolean> {
    this.#assertOpen();
    return this.#parts.gateways.delete(name);
  }

  /** Validate and save a route (create or replace); refused when it names an unknown gateway or another route. */
  async saveRoute(input: RouteInput, options: { expectedRevision?: number } = {}): Promise<RouteDefinition> {
    this.#assertOpen();
    return this.#parts.routes.save(input, options);
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
    return this.#parts.routes.delete(name);
  }

  /** Names of the routes that list this gateway. */
  routesUsingGateway(name: string): Promise<string[]> {
    return this.#parts.routes.usersOf(name);
  }

  /** A gateway's health in this process: its circuit breaker's state, when it has one. */
  gatewayHealth(name: string): GatewayHealth {
    return this.#parts.policies.health(name);
  }

  /** The send metrics, the breaker states, receipts and open provider instances in Prometheus' text format. */
  metricsText(): string {
    return metricsText(this.#parts);
  }

  /**
   * Send a message to a target: a gateway, or a route over gateways. Resolves with what the gateway
   * that accepted it reported and every attempt, or rejects with an `SmsError` naming the gateway,
   * saying whether a retry is safe and listing the attempts (or a `ConfigurationError` when the
   * target does not exist or a definition is unusable). The path: send-pipeline.ts.
   */
  send(
    target: string,
    to: string,
    message: string | MessageInput,
    options: SendOptions = {},
  ): Promise<SendResult> {
    if (this.#closed) return Promise.reject(closedError());
    return this.#parts.pipeline.send(target, to, message, options);
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
    return sendMany(this.send.bind(this), rows, options);
  }

  /** Put a message in the durable queue (`createSmskit({ queue })`); resolves with its id once it is stored. */
  enqueue(target: string, to: string, text: string | MessageInput, options?: EnqueueOptions) {
    return this.#parts.queue.enqueue(target, to, text, options);
  }

  /** Start a worker sending what the queue holds; `await worker.stop()` finishes its in-flight sends. */
  work(options?: WorkerOptions): QueueWorker {
    return this.#parts.queue.work(options);
  }

  /** A message of the log: its status, history and the gateway's ids; undefined when unknown or pruned. */
  async status(id: string): Promise<MessageView | undefined> {
    const record = await this.#parts.log.get(id);
    return record && viewOf(record);
  }

  /** Messages of the log, newest first (default at most 100). */
  async messages(query: MessageQuery = {}): Promise<MessageView[]> {
    return (await this.#parts.log.list(query)).map(viewOf);
  }

  /**
   * Read an HTTP status callback for a gateway with its provider's `readReceipt` and apply what it
   * reports. Mount it in any web framework; it throws `SMSKIT_E_RECEIPT_REFUSED` (nothing changed)
   * when the callback is not genuine, `SMSKIT_E_RECEIPTS_OFF` when the gateway takes none. With
   * `secret` (the secret part of the callback URL) it must equal the gateway's receipt secret (the
   * parameter its provider names in `receiptSecretParameter`, e.g. the HTTP provider's
   * `RECEIPT_SECRET`), else the gateway counts as not found (`SMSKIT_E_GATEWAY_NOT_FOUND`).
   */
  async handleReceipt(
    gateway: string,
    request: ReceiptRequest,
    options: { secret?: string } = {},
  ): Promise<ReceiptOutcome> {
    this.#assertOpen();
    return this.#parts.receipts.handle(gateway, request, options.secret);
  }

  /**
   * The secret of a gateway's callback URL — the parameter its provider names in
   * `receiptSecretParameter`, decrypted — for an application that shows the URL to paste into the
   * vendor's console; undefined without one.
   */
  receiptSecret(gateway: string): Promise<string | undefined> {
    return this.#parts.receipts.secret(gateway);
  }

  /** Run the provider's deep check (`check()`) of a gateway; throws what the provider found. */
  async checkGateway(name: string, options: SendOptions = {}): Promise<void> {
    this.#assertOpen();
    if (options.timeoutMs !== undefined) assertTimeout(options.timeoutMs, "timeoutMs");
    await this.#parts.gateways.check(name, options.timeoutMs ?? this.#parts.sendTimeoutMs, options.signal);
  }

  /** Validate and save a central SMTP server definition (create or replace); gateways using it pick it up. */
  async saveSmtpServer(
    input: SmtpServerInput,
    options: { expectedRevision?: number } = {},
  ): Promise<SmtpServerDefinition> {
    this.#assertOpen();
    return this.#parts.smtpServers.save(input, options);
  }

  /** An SMTP server definition with its password shown as `__CENSORED__`. */
  getSmtpServer(name: string): Promise<SmtpServerDefinition | undefined> {
    return this.#parts.smtpServers.get(name);
  }

  /** Every SMTP server definition, passwords censored. */
  listSmtpServers(): Promise<SmtpServerDefinition[]> {
    return this.#parts.smtpServers.list();
  }

  /** Delete an SMTP server definition; refused, naming them, while gateways use it. */
  async deleteSmtpServer(name: string): Promise<boolean> {
    this.#assertOpen();
    return this.#parts.smtpServers.delete(name);
  }

  /** Names of the gateways whose parameters name this SMTP server. */
  gatewaysUsingSmtpServer(name: string): Promise<string[]> {
    return this.#parts.gateways.usersOfSmtpServer(name);
  }

  /** Every gateway and SMTP server as one versioned document; secrets in clear text unless `censor`. */
  async exportDefinitions(options: { censor?: boolean } = {}): Promise<ExportDocument> {
    return exportDefinitions(this.#parts.transfer, options.censor === true);
  }

  /**
   * Import smskit's export or privacyIDEA's gateway or configuration export. Validated whole and
   * applied atomically: one problem refuses everything (`SMSKIT_E_IMPORT_INVALID`, listing every
   * problem). `dryRun` validates and reports without writing.
   */
  async importDefinitions(document: unknown, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
    this.#assertOpen();
    const { gateways, instances, routes, transfer } = this.#parts;
    const imported = await importDefinitions(transfer, document, options.dryRun === true);
    for (const name of imported.changedGateways) gateways.forget(name);
    for (const name of imported.changedSmtpServers) instances.retireUsersOfSmtpServer(name);
    if (imported.changedRoutes.length > 0) routes.clear();
    return imported.report;
  }

  /**
   * Re-encrypt every stored secret with `newKey` in one transaction and use that key from now on.
   * Keeping the key where the next start finds it (key file, SMSKIT_SECRET_KEY) is the caller's part.
   */
  async rotateSecretKey(newKey: Buffer): Promise<{ gateways: number; smtpServers: number }> {
    this.#assertOpen();
    const counts = await reencryptAll(this.#parts.transfer, newKey);
    this.#parts.secrets.replaceKey(newKey);
    this.#parts.definitions.clear();
    return counts;
  }

  /** Stop accepting sends, close every provider instance (after in-flight sends), then the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#parts.queue.close();
    await this.#parts.instances.closeAll();
    await this.#parts.log.close();
    await this.store.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }
}

function closedError(): SmsError {
  return coreErrors.SMSKIT_E_CLOSED.create({ what: "smskit is", next: "; create a new instance" });
}
