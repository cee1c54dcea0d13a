import type { GatewayDefinition } from "./gateway-definition.js";
import type { IdempotentSends } from "./idempotent-send.js";
import type { Logger } from "./logger.js";
import type { MessageLog } from "./message-log.js";
import type { MessageQueue } from "./message-queue.js";
import type { RecipientPolicy } from "./message-record.js";
import { QueueBinding, type QueueMessageInput } from "./queue-binding.js";
import type { RouteDefinition } from "./route-definition.js";
import { targetNotFound } from "./send-dispatch.js";
import type { SendPipeline } from "./send-pipeline.js";
import type { MessageStore } from "./store/message-store.js";

/** What an application hands its queue: its log, its send pipeline and its lookups. */
export interface QueueParts {
  readonly log: MessageLog;
  readonly messages: MessageStore | undefined;
  readonly idempotency: IdempotentSends;
  readonly recipients: RecipientPolicy;
  readonly logger: Logger;
  readonly now: () => number;
  readonly pipeline: SendPipeline;
  gateway(name: string): Promise<GatewayDefinition | undefined>;
  route(name: string): Promise<RouteDefinition | undefined>;
}

/** The queue binding of an application: enqueue checks targets, workers send through the pipeline. */
export function bindQueue(queue: MessageQueue | undefined, parts: QueueParts): QueueBinding {
  return new QueueBinding({
    queue,
    log: parts.log,
    messages: parts.messages,
    idempotency: parts.idempotency,
    recipients: parts.recipients,
    logger: parts.logger,
    now: parts.now,
    async assertTarget(target) {
      if ((await parts.route(target)) || (await parts.gateway(target))) return;
      throw targetNotFound(target);
    },
    async resendsUnknown(target) {
      return (await parts.route(target))?.onUnknown === "continue";
    },
    send(message) {
      const input: QueueMessageInput = { text: message.text };
      if (message.title !== undefined) input.title = message.title;
      if (message.data !== undefined) input.data = { ...message.data };
      return parts.pipeline.unlogged(message.target, message.to, input);
    },
  });
}
