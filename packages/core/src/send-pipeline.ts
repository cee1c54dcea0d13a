import type { DefinitionCache } from "./definition-cache.js";
import { isSmsError, type SmskitError } from "./errors.js";
import { failedAttempt } from "./gateway-attempt.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import type { IdempotentSends } from "./idempotent-send.js";
import type { ProviderInstanceCache } from "./instance-cache.js";
import type { Logger } from "./logger.js";
import type { MessageLog } from "./message-log.js";
import type { PolicyStates } from "./policy-states.js";
import type { RouteCatalog } from "./route-catalog.js";
import { RoutePlanner } from "./route-plan.js";
import { assertTimeout } from "./send-deadline.js";
import { type DispatchContext, dispatch, type SendRequest } from "./send-dispatch.js";
import type { SendMetrics } from "./send-metrics.js";
import type { MessageInput, SendEvent, SendOptions, SendResult } from "./smskit-types.js";

/** Where finished sends are announced (the application's `send` event). */
export interface SendEvents {
  listenerCount(event: "send"): number;
  emit(event: "send", send: SendEvent): boolean;
}

/** What the pipeline works with; each part has its own file. */
export interface SendPipelineParts {
  readonly definitions: DefinitionCache;
  readonly routes: RouteCatalog;
  readonly policies: PolicyStates;
  readonly instances: ProviderInstanceCache;
  readonly idempotency: IdempotentSends;
  readonly log: MessageLog;
  readonly metrics: SendMetrics;
  readonly logger: Logger;
  readonly events: SendEvents;
  /** The deadline of a send when the caller gives none, in milliseconds. */
  readonly sendTimeoutMs: number;
}

/**
 * The send path, top to bottom: check the options, claim the idempotency key, dispatch to the
 * gateway or route (policies, retries, fallbacks: send-dispatch.ts), send once through a leased
 * provider instance (metrics, the `send` event, the log line), and record the outcome in the
 * message log.
 */
export class SendPipeline {
  readonly #parts: SendPipelineParts;
  /** What every send's dispatch looks gateways and routes up with, made once. */
  readonly #dispatch: DispatchContext<SendResult, MessageInput>;

  constructor(parts: SendPipelineParts) {
    this.#parts = parts;
    const { definitions, routes } = parts;
    this.#dispatch = {
      gateway: (name) => definitions.ready(name) ?? definitions.get(name),
      route: (name) => routes.cached(name),
      readyRoute: (name) => (definitions.fresh() ? routes.ready(name) : undefined),
      sendOnce: (definition, request, timeoutMs) => this.#sendOnce(definition, request, timeoutMs),
      policies: parts.policies,
      planner: new RoutePlanner(),
    };
  }

  /** Send without an idempotency key or a log line, within the default deadline: the queue's worker records the outcome itself. */
  unlogged(target: string, to: string, message: MessageInput): Promise<SendResult> {
    const deadlineAt = performance.now() + this.#parts.sendTimeoutMs;
    return dispatch(this.#dispatch, target, { to, message, deadlineAt, signal: undefined });
  }

  /** See `Smskit.send`. */
  send(
    target: string,
    to: string,
    message: string | MessageInput,
    options: SendOptions,
  ): Promise<SendResult> {
    if (options.timeoutMs !== undefined) {
      try {
        assertTimeout(options.timeoutMs, "timeoutMs");
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const input = typeof message === "string" ? { text: message } : message;
    const deadlineAt = performance.now() + (options.timeoutMs ?? this.#parts.sendTimeoutMs);
    const request = { to, message: input, deadlineAt, signal: options.signal };
    if (options.idempotencyKey === undefined)
      return this.#logged(target, to, dispatch(this.#dispatch, target, request));
    const identity = { target, to, text: input.text, title: input.title, data: input.data };
    return this.#parts.idempotency.run(options.idempotencyKey, identity, deadlineAt, () =>
      this.#logged(target, to, dispatch(this.#dispatch, target, request)),
    );
  }

  /** Give the send its id and record it in the message log once it is over (never waiting for the store). */
  #logged(target: string, to: string, sending: Promise<SendResult>): Promise<SendResult> {
    const log = this.#parts.log;
    const id = log.nextId();
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
          error.id = id;
        }
        throw error;
      },
    );
  }

  /** One send through one gateway: metrics, the `send` event and the log line. */
  async #sendOnce(
    definition: GatewayDefinition,
    { to, message: input, signal }: SendRequest<MessageInput>,
    timeoutMs: number,
  ): Promise<SendResult> {
    const { instances, metrics, events } = this.#parts;
    const started = performance.now();
    const gateway = definition.name;
    const provider = definition.provider;
    const acquired = instances.acquire(definition);
    const lease = acquired instanceof Promise ? await acquired : acquired;
    try {
      const result = await lease.send(to, input, timeoutMs, signal);
      const durationMs = performance.now() - started;
      const sent: SendResult = {
        id: "",
        ...result.receipt,
        gateway,
        provider,
        to: result.to,
        durationMs,
        attempts: [{ gateway, outcome: "sent", tries: 1 }],
      };
      metrics.record(gateway, provider, "success", durationMs / 1000);
      if (events.listenerCount("send") > 0) {
        events.emit("send", { gateway, provider, outcome: "success", durationMs, result: sent });
      }
      return sent;
    } catch (error) {
      const durationMs = performance.now() - started;
      metrics.record(gateway, provider, "failure", durationMs / 1000);
      const failure = error as SmskitError;
      if (isSmsError(failure)) failure.attempts = [failedAttempt(gateway, 1, failure)];
      this.#parts.logger.warn("send failed", {
        gateway,
        provider,
        code: failure.code,
        error: failure.message,
      });
      if (events.listenerCount("send") > 0) {
        events.emit("send", { gateway, provider, outcome: "failure", durationMs, error: failure });
      }
      throw error;
    } finally {
      lease.release();
    }
  }
}
