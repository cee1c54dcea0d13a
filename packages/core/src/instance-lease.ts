import type {
  DeliveryReceipt,
  OutgoingMessage,
  ProviderInstance,
  ReceiptReport,
  ReceiptRequest,
} from "@smskit/provider";
import { classify, hideMessage } from "./error-classification.js";
import { coreErrors, isSmskitError } from "./errors.js";
import type { Entry } from "./instance-entry.js";
import { rewritePhone } from "./phone-rewrite.js";
import { checkRecipient } from "./recipient-check.js";
import { startDeadline } from "./send-deadline.js";
import { renderText, type TemplateValue, type TemplateVariables } from "./template.js";

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

/** One use of an entry's instance. A class, so a send allocates one small object, not a set of closures. */
export class Lease implements InstanceLease {
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
      const classified = classify(error, entry.subject, deadline.signal, signal, timeoutMs);
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
      throw classify(error, this.#entry.subject, deadline.signal, signal, timeoutMs);
    } finally {
      deadline.dispose();
    }
  }

  async readReceipt(request: ReceiptRequest): Promise<readonly ReceiptReport[]> {
    if (!this.#instance.readReceipt) {
      throw coreErrors.SMSKIT_E_RECEIPTS_OFF.create(
        {
          gateway: this.#entry.definition.name,
          why: `takes no status callbacks: its provider (${this.#entry.provider.manifest.id}) reads none, or they are switched off`,
        },
        { gateway: this.#entry.definition.name },
      );
    }
    try {
      return await this.#instance.readReceipt(request);
    } catch (error) {
      if (isSmskitError(error)) throw error;
      throw coreErrors.SMSKIT_E_RECEIPT_REFUSED.create(
        {
          gateway: this.#entry.definition.name,
          why: this.#entry.redact(
            `the status callback could not be read: ${(error as Error)?.message ?? error}`,
          ),
        },
        { gateway: this.#entry.definition.name },
      );
    }
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#entry.release();
  }
}
