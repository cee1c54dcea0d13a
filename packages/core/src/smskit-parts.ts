import type { DependencyContainer } from "tsyringe";
import { applicationResources } from "./application-resources.js";
import { providerRegistry, tokens } from "./container.js";
import { DefinitionCache } from "./definition-cache.js";
import { DefinitionSecrets } from "./definition-secrets.js";
import { GatewayCatalog } from "./gateway-catalog.js";
import type { TransferContext } from "./gateway-prepare.js";
import { IdempotentSends } from "./idempotent-send.js";
import { createInstanceCache, type ProviderInstanceCache } from "./instance-cache.js";
import { instanceMetrics } from "./instance-limits.js";
import type { Logger } from "./logger.js";
import { MessageLog, type StatusEvent } from "./message-log.js";
import { PolicyStates } from "./policy-states.js";
import type { QueueBinding } from "./queue-binding.js";
import { bindQueue } from "./queue-host.js";
import { ReceiptIntake } from "./receipt-intake.js";
import { RouteCatalog } from "./route-catalog.js";
import type { SecretKey } from "./secret-key.js";
import { SendMetrics } from "./send-metrics.js";
import { type SendEvents, SendPipeline } from "./send-pipeline.js";
import type { SmskitOptions } from "./smskit-options.js";
import type { SendEvent } from "./smskit-types.js";
import { SmtpServerCatalog } from "./smtp-server-catalog.js";
import type { GatewayStore } from "./store/gateway-store.js";
import { MemoryMessageStore } from "./store/memory-messages.js";

/** The parts of one application's smskit, each with a file of its own. */
export interface SmskitParts {
  readonly store: GatewayStore;
  readonly logger: Logger;
  readonly metrics: SendMetrics;
  readonly secrets: DefinitionSecrets;
  readonly transfer: TransferContext;
  readonly definitions: DefinitionCache;
  readonly instances: ProviderInstanceCache;
  readonly routes: RouteCatalog;
  readonly policies: PolicyStates;
  readonly log: MessageLog;
  readonly gateways: GatewayCatalog;
  readonly smtpServers: SmtpServerCatalog;
  readonly receipts: ReceiptIntake;
  readonly pipeline: SendPipeline;
  /** `enqueue()` and `work()` (refused when the application has no queue). */
  readonly queue: QueueBinding;
  readonly sendTimeoutMs: number;
}

/** Where the parts report to the application: `send` and `status` events. */
export interface SmskitEvents extends SendEvents {
  listenerCount(event: "send" | "status"): number;
  emit(event: "send", send: SendEvent): boolean;
  emit(event: "status", status: StatusEvent): boolean;
}

/** Make the parts of an application's smskit from its container (store, logger, providers) and options. */
export function assembleParts(
  container: DependencyContainer,
  options: SmskitOptions,
  secretKey: SecretKey,
  events: SmskitEvents,
): SmskitParts {
  const store = container.resolve<GatewayStore>(tokens.store);
  const logger = container.resolve<Logger>(tokens.logger);
  const registry = providerRegistry(container);
  const now = options.now ?? Date.now;
  const scriptDirectory =
    options.scriptDirectory ??
    (options.environment ?? process.env).SMSKIT_SCRIPT_DIR ??
    "/etc/smskit/scripts";
  const secrets = new DefinitionSecrets(() => secretKey.key, describeKey(secretKey));
  const smtpServer = async (name: string) => {
    const stored = await store.getSmtpServer(name);
    return stored && secrets.decryptSmtpServer(stored);
  };
  // What providers look up at send time (SMTP servers with their secrets)…
  const resources = applicationResources({ scriptDirectory, smtpServer }, options.resources);
  // …and what a provider's `validate` hook looks up (SMTP servers without their password).
  const validationResources = applicationResources(
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
  const validation = {
    resources: validationResources,
    smtpServerExists: async (name: string) => (await store.getSmtpServer(name)) !== undefined,
  };
  const transfer: TransferContext = { registry, store, secrets, validation };
  const log = new MessageLog(store.messages ?? new MemoryMessageStore(), options.messageLog ?? {}, {
    logger,
    now,
    listening: () => events.listenerCount("status") > 0,
    onChange: (event) => events.emit("status", event),
  });
  const instances = createInstanceCache({
    receipt: (gateway, report) => {
      log
        .receipt(gateway, report)
        .catch((error: Error) =>
          logger.warn("a delivery receipt could not be recorded", { gateway, error: error.message }),
        );
    },
    registry,
    logger,
    now,
    validation,
    revealMessages: options.debug === true,
    limits: options.instances,
    // A gateway not used for a while needs no decrypted definition in memory either.
    unused: (gateway) => definitions.forget(gateway),
    resources,
    smtpServer,
  });
  const routes = new RouteCatalog(store);
  const definitions: DefinitionCache = new DefinitionCache({
    store,
    decrypt: (stored) => secrets.decryptGateway(stored),
    trustMs: options.definitionCacheMs ?? 1000,
    now,
    changed: async () => {
      routes.clear();
      await instances.refreshReferences(async (server) => (await store.getSmtpServer(server))?.revision);
    },
    missing: (name) => instances.retire(name),
  });
  const policies = new PolicyStates(now, store.rateLimiter);
  const gateways = new GatewayCatalog({ transfer, definitions, instances, routes, policies });
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  const metrics = new SendMetrics();
  const idempotency = new IdempotentSends(
    store,
    () => secretKey.key,
    options.idempotencyWindowMs ?? 24 * 60 * 60 * 1000,
    now,
  );
  const pipeline = new SendPipeline({
    definitions,
    routes,
    policies,
    instances,
    idempotency,
    log,
    metrics,
    logger,
    events,
    sendTimeoutMs,
  });
  const queue = bindQueue(options.queue, {
    log,
    messages: store.messages,
    idempotency,
    recipients: options.messageLog?.recipients ?? "masked",
    logger,
    now,
    pipeline,
    gateway: (name) => definitions.get(name),
    route: (name) => routes.cached(name),
  });
  return {
    store,
    logger,
    metrics,
    secrets,
    transfer,
    definitions,
    instances,
    routes,
    policies,
    log,
    gateways,
    smtpServers: new SmtpServerCatalog({ transfer, instances, gateways }),
    receipts: new ReceiptIntake({ definitions, registry, instances, log }),
    pipeline,
    queue,
    sendTimeoutMs,
  };
}

/** The send metrics, breaker states, receipts and open instances in Prometheus' text format. */
export function metricsText({ metrics, policies, log, instances }: SmskitParts): string {
  return (
    metrics.toPrometheus() +
    policies.toPrometheus() +
    log.metrics.toPrometheus() +
    instanceMetrics(instances.counts())
  );
}

function describeKey(key: SecretKey): string {
  if (key.source === "environment") return "SMSKIT_SECRET_KEY";
  if (key.source === "file") return `the key file ${key.file}`;
  return "this process's key";
}
