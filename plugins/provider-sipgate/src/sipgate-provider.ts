import {
  coreErrors,
  type OutgoingMessage,
  type ProviderContext,
  type ProviderInstance,
  type SmsError,
} from "@smskit/provider";
import { closeGracefully } from "@smskit/provider-utils";
import { createDispatcher, type HttpAnswer, post } from "./http-transport.js";
import type { SipgateParameters } from "./index.js";
import { defaultRestUrl, defaultXmlRpcUrl } from "./sipgate-endpoints.js";
import { sipgateErrors } from "./sipgate-errors.js";
import { sipgateTransportError } from "./sipgate-transport-error.js";
import { isStruct, readXmlRpcAnswer, xmlRpcStructCall } from "./xml-rpc.js";
import { findInvalidXmlCharacter } from "./xml-text.js";

/** How much of an answer's body goes into an error message. */
const excerptLength = 300;

/**
 * The live instance of a sipgate gateway: one connection pool (or proxy agent) reused for every
 * message and closed in `close()`.
 */
export function createSipgateInstance(
  parameters: SipgateParameters,
  context: ProviderContext,
): ProviderInstance {
  const gateway = context.gateway;
  const dispatcher = createDispatcher(parameters.PROXY);
  const credentials = Buffer.from(`${parameters.USERNAME}:${parameters.PASSWORD}`, "utf8").toString("base64");
  const authorization = `Basic ${credentials}`;
  // An answer echoing the Authorization header must not leak the password either.
  const redact = (text: string): string => context.redact(text).split(credentials).join("__CENSORED__");
  const endpoint =
    parameters.MODE === "rest"
      ? `${(parameters.URL ?? defaultRestUrl).replace(/\/+$/, "")}/sessions/sms`
      : (parameters.URL ?? defaultXmlRpcUrl);
  const target = new URL(endpoint).origin + (parameters.PROXY ? " through the proxy" : "");

  const exchange = async (
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
  ): Promise<HttpAnswer> => {
    try {
      return await post(dispatcher, endpoint, { ...headers, authorization }, body, signal);
    } catch (error) {
      throw sipgateTransportError(error, gateway, target, signal, redact);
    }
  };

  const sendXmlRpc = async (message: OutgoingMessage, signal: AbortSignal) => {
    const remoteUri = `sip:${message.to.replace(/^\+/, "")}@sipgate.de`;
    refuseInvalidXml(gateway, "recipient", remoteUri);
    refuseInvalidXml(gateway, "message", message.text);
    const call = xmlRpcStructCall("samurai.SessionInitiate", {
      RemoteUri: remoteUri,
      TOS: "text",
      Content: message.text,
    });
    const answer = await exchange({ "content-type": "text/xml" }, call, signal);
    if (answer.status !== 200) throw statusError(gateway, answer, redact);
    let reply: ReturnType<typeof readXmlRpcAnswer>;
    try {
      reply = readXmlRpcAnswer(answer.body);
    } catch (error) {
      throw sipgateErrors.SMSKIT_E_SIPGATE_RESPONSE.create(
        { gateway, problem: (error as Error).message, answer: excerpt(answer.body, redact) },
        { gateway, details: { status: answer.status } },
      );
    }
    if (reply.kind === "fault") {
      const faultString = redact(reply.faultString);
      throw sipgateErrors.SMSKIT_E_SIPGATE_FAULT.create(
        { gateway, faultCode: String(reply.faultCode), faultString },
        { gateway, details: { faultCode: reply.faultCode, faultString } },
      );
    }
    const value = isStruct(reply.value) ? reply.value : {};
    const statusCode = value.StatusCode;
    if (typeof statusCode === "number" && statusCode !== 200) {
      const statusString = redact(String(value.StatusString ?? ""));
      throw sipgateErrors.SMSKIT_E_SIPGATE_REJECTED.create(
        { gateway, statusCode, statusString },
        { gateway, details: { statusCode, statusString } },
      );
    }
    const sessionId = value.SessionID;
    return {
      messageId: typeof sessionId === "string" && sessionId !== "" ? sessionId : undefined,
      details: { status: answer.status },
    };
  };

  const sendRest = async (message: OutgoingMessage, signal: AbortSignal) => {
    const body = JSON.stringify({ smsId: parameters.SMS_ID, recipient: message.to, message: message.text });
    const answer = await exchange(
      { "content-type": "application/json", accept: "application/json" },
      body,
      signal,
    );
    if (answer.status < 200 || answer.status > 299) throw statusError(gateway, answer, redact);
    return { details: { status: answer.status } };
  };

  let closed = false;
  return {
    async send(message, { signal }) {
      if (closed) {
        throw coreErrors.SMSKIT_E_CLOSED.create(
          { what: `gateway '${gateway}': this sipgate instance is`, next: "; nothing was sent" },
          { gateway },
        );
      }
      if (signal.aborted) throw sipgateTransportError(signal.reason, gateway, "sipgate", signal, redact);
      return parameters.MODE === "rest" ? sendRest(message, signal) : sendXmlRpc(message, signal);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await closeGracefully(dispatcher);
    },
  };
}

function refuseInvalidXml(gateway: string, what: "recipient" | "message", text: string): void {
  const invalid = findInvalidXmlCharacter(text);
  if (!invalid) return;
  throw sipgateErrors.SMSKIT_E_SIPGATE_MESSAGE_INVALID.create(
    { gateway, what, codePoint: invalid.codePoint, index: invalid.index },
    { gateway, details: { codePoint: invalid.codePoint, index: invalid.index } },
  );
}

function statusError(gateway: string, answer: HttpAnswer, redact: (text: string) => string): SmsError {
  const body = excerpt(answer.body, redact);
  if (answer.status === 401 || answer.status === 403) {
    return sipgateErrors.SMSKIT_E_SIPGATE_AUTH.create(
      { gateway, status: answer.status, answer: body ? ` (${body})` : "" },
      { gateway, details: { status: answer.status } },
    );
  }
  // A server error may come after sipgate took the message; a refusal below 500 means it did not.
  const definition =
    answer.status >= 500
      ? sipgateErrors.SMSKIT_E_SIPGATE_SERVER_ERROR
      : sipgateErrors.SMSKIT_E_SIPGATE_STATUS;
  return definition.create(
    { gateway, status: answer.status, answer: body ? `: ${body}` : "" },
    { gateway, details: { status: answer.status } },
  );
}

function excerpt(body: string, redact: (text: string) => string): string {
  const text = redact(body.trim().replace(/\s+/g, " "));
  return text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text;
}
