import type { DeliveryReceipt, OutgoingMessage, ProviderContext, ProviderInstance } from "@smskit/provider";
import { SmsError } from "@smskit/provider";
import type { PDU } from "smpp";
import type { SmppParameters } from "./index.js";
import { type EncodedMessage, encodeMessage } from "./message-parts.js";
import { receiptOfPdu } from "./receipt-pdu.js";
import { openBoundSession } from "./smpp-bind.js";
import { smppErrors } from "./smpp-errors.js";
import { type LinkSettings, SmppLink } from "./smpp-link.js";

/**
 * The live instance of one SMPP gateway: one shared transmitter session (opened at the first
 * send), the text encoded and split here, every part submitted through the window.
 */
export function createSmppInstance(parameters: SmppParameters, context: ProviderContext): ProviderInstance {
  const linkSettings: LinkSettings = {
    parameters,
    gateway: context.gateway,
    logger: context.logger,
    redact: context.redact,
    onDeliver: parameters.REGISTERED_DELIVERY ? (pdu) => reportReceipt(pdu, context) : undefined,
    submit: {
      registeredDelivery: parameters.REGISTERED_DELIVERY ? 1 : 0,
      serviceType: "",
      sourceAddr: parameters.S_ADDR,
      sourceAddrTon: parameters.S_ADDR_TON,
      sourceAddrNpi: parameters.S_ADDR_NPI,
      destAddrTon: parameters.D_ADDR_TON,
      destAddrNpi: parameters.D_ADDR_NPI,
    },
  };
  const link = new SmppLink(linkSettings);

  return {
    async send(message: OutgoingMessage, { signal }): Promise<DeliveryReceipt> {
      const encoded = encode(message.text, link, context.gateway);
      const submit = (shortMessage: Buffer) =>
        link.submit(
          {
            destinationAddr: message.to,
            esmClass: encoded.esmClass,
            dataCoding: encoded.dataCoding,
            shortMessage,
          },
          signal,
        );
      const [only] = encoded.parts;
      if (encoded.parts.length === 1 && only) {
        const messageId = await submit(only);
        return { messageId, messageIds: [messageId], parts: 1, details: { encoding: encoded.encoding } };
      }
      const outcomes = await Promise.allSettled(encoded.parts.map(submit));
      const messageIds: string[] = [];
      const failures: unknown[] = [];
      for (const outcome of outcomes) {
        if (outcome.status === "fulfilled") messageIds.push(outcome.value);
        else failures.push(outcome.reason);
      }
      if (failures.length > 0) throw partFailure(failures, messageIds.length, encoded.parts.length);
      return {
        messageId: messageIds[0],
        messageIds,
        parts: encoded.parts.length,
        details: { encoding: encoded.encoding },
      };
    },

    async check({ signal }): Promise<void> {
      const session = await openBoundSession(linkSettings, signal);
      await session.close();
    },

    close(): Promise<void> {
      return link.close();
    },
  };
}

/** Hand a deliver_sm / data_sm that is a delivery receipt to core; others (mobile-originated) are ignored. */
function reportReceipt(pdu: PDU, context: ProviderContext): void {
  const report = receiptOfPdu(pdu);
  if (report) context.receipt?.(report);
}

function encode(text: string, link: SmppLink, gateway: string): EncodedMessage {
  try {
    return encodeMessage(text, link.nextReference());
  } catch (error) {
    throw smppErrors.SMSKIT_E_SMPP_TEXT_TOO_LONG.create(
      { gateway, problem: (error as Error).message },
      { provider: "smpp" },
    );
  }
}

/** The error of a send some of whose parts failed: the first part's error, adjusted for what was accepted. */
function partFailure(failures: readonly unknown[], accepted: number, total: number): unknown {
  const first = failures.find((failure) => failure instanceof SmsError) ?? failures[0];
  if (!(first instanceof SmsError) || accepted === 0) return first;
  const details = { ...first.details, partsAccepted: accepted, parts: total };
  const failure = `${first.message} (${accepted} of ${total} parts were accepted before)`;
  // A part that may have gone out keeps its code (already not retry-safe, delivery unknown);
  // one that certainly did not is no longer safe to retry as a whole: its own code.
  if (!first.retrySafe) {
    return new SmsError(first.code, failure, {
      provider: "smpp",
      retrySafe: false,
      deliveryUnknown: first.deliveryUnknown,
      details,
      cause: first,
    });
  }
  return smppErrors.SMSKIT_E_SMPP_PARTLY_SENT.create(
    { failure: first.message, accepted, total },
    { provider: "smpp", details, cause: first },
  );
}
