import { randomBytes } from "node:crypto";
import type { GatewayDefinition, GatewayInput, Smskit } from "@smskit/core";
import type { FastifyRequest } from "fastify";

/** Whether a gateway's parameters turn status callbacks on (`RECEIPTS` yes/true). */
export function receiptsEnabled(parameters: Readonly<Record<string, unknown>> | undefined): boolean {
  const value = parameters?.RECEIPTS;
  return value === true || (typeof value === "string" && /^(yes|true|1|on)$/i.test(value.trim()));
}

/**
 * A definition about to be saved with receipts on gets a callback secret (`RECEIPT_SECRET`, a
 * secret parameter: stored encrypted) unless it has one: the stored one is kept, else one is made.
 */
export async function withReceiptSecret(smskit: Smskit, input: GatewayInput): Promise<GatewayInput> {
  const parameters = (input.parameters ?? {}) as Record<string, unknown>;
  if (!receiptsEnabled(parameters)) return input;
  const given = parameters.RECEIPT_SECRET;
  if (typeof given === "string" && given !== "") return input;
  const stored = await smskit.receiptSecret(String(input.name));
  const secret = stored === undefined ? randomBytes(24).toString("base64url") : "__CENSORED__";
  return { ...input, parameters: { ...parameters, RECEIPT_SECRET: secret } };
}

/** The gateway with `receiptUrl` — where the vendor should send status callbacks — when receipts are on. */
export async function withReceiptUrl(
  smskit: Smskit,
  definition: GatewayDefinition,
  base: string,
): Promise<GatewayDefinition & { receiptUrl?: string }> {
  if (!receiptsEnabled(definition.parameters)) return definition;
  const secret = await smskit.receiptSecret(definition.name);
  if (secret === undefined) return definition;
  return {
    ...definition,
    receiptUrl: new URL(`receipts/${encodeURIComponent(definition.name)}/${secret}`, base).href,
  };
}

/** The URL this server is reached at from outside: `SMSKIT_PUBLIC_URL`, else the request's own host. */
export function publicBase(request: FastifyRequest, environment: NodeJS.ProcessEnv): string {
  const configured = environment.SMSKIT_PUBLIC_URL;
  if (configured) return configured.endsWith("/") ? configured : `${configured}/`;
  return `${request.protocol}://${request.host}/`;
}
