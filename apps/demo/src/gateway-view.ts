import type { GatewayDefinition, Smskit } from "@smskit/core";
import { withReceiptUrl } from "./receipt-urls.js";
import { isSandboxGateway } from "./sandbox.js";

/**
 * A gateway as the API shows it: the censored definition, its status callback URL when receipts
 * are on, and `sandbox: true` when it delivers into this app's sandbox inbox.
 */
export type GatewayView = GatewayDefinition & { readonly receiptUrl?: string; readonly sandbox?: true };

/** The view of a stored (censored) definition; `base` is the URL this server is reached at. */
export async function gatewayView(
  smskit: Smskit,
  definition: GatewayDefinition,
  base: string,
): Promise<GatewayView> {
  const view = await withReceiptUrl(smskit, definition, base);
  return isSandboxGateway(definition) ? { ...view, sandbox: true } : view;
}
