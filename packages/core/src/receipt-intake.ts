import { createHash, timingSafeEqual } from "node:crypto";
import type { ReceiptRequest } from "@smskit/provider";
import type { DefinitionCache } from "./definition-cache.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import type { ProviderInstanceCache } from "./instance-cache.js";
import type { MessageLog } from "./message-log.js";
import type { ProviderRegistry } from "./provider-registry.js";
import { targetNotFound } from "./send-dispatch.js";
import type { ReceiptOutcome } from "./smskit-types.js";

/** What reading status callbacks works with. */
export interface ReceiptIntakeParts {
  readonly definitions: DefinitionCache;
  readonly registry: ProviderRegistry;
  readonly instances: ProviderInstanceCache;
  readonly log: MessageLog;
}

/** Status callbacks coming in over HTTP, and the secret of each gateway's callback URL. */
export class ReceiptIntake {
  readonly #parts: ReceiptIntakeParts;

  constructor(parts: ReceiptIntakeParts) {
    this.#parts = parts;
  }

  /** See `Smskit.handleReceipt`. */
  async handle(
    gateway: string,
    request: ReceiptRequest,
    secret: string | undefined,
  ): Promise<ReceiptOutcome> {
    const definition = await this.#parts.definitions.get(gateway);
    if (!definition) throw targetNotFound(gateway);
    if (secret !== undefined && !sameSecret(secret, this.#storedSecret(definition))) {
      // Told apart from an unknown gateway by nobody: a wrong secret looks exactly like a missing gateway.
      throw targetNotFound(gateway);
    }
    const lease = await this.#parts.instances.acquire(definition);
    let reports: Awaited<ReturnType<typeof lease.readReceipt>>;
    try {
      reports = await lease.readReceipt(request);
    } finally {
      lease.release();
    }
    const messages: string[] = [];
    for (const report of reports) {
      const id = await this.#parts.log.receipt(gateway, report);
      if (id !== undefined) messages.push(id);
    }
    return { reports: reports.length, messages };
  }

  /** See `Smskit.receiptSecret`. */
  async secret(gateway: string): Promise<string | undefined> {
    const definition = await this.#parts.definitions.get(gateway);
    const secret = definition && this.#storedSecret(definition);
    return typeof secret === "string" && secret !== "" ? secret : undefined;
  }

  /** The value of the parameter the gateway's provider keeps its callback secret in (`receiptSecretParameter`). */
  #storedSecret(definition: GatewayDefinition): unknown {
    const parameter = this.#parts.registry.get(definition.provider)?.manifest.receiptSecretParameter;
    return parameter === undefined ? undefined : definition.parameters[parameter];
  }
}

function sameSecret(given: string, stored: unknown): boolean {
  if (typeof stored !== "string" || stored === "") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(stored).digest();
  return timingSafeEqual(a, b);
}
