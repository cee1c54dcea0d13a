import { defineProvider, SmsError } from "@smskit/provider";
import {
  bodyExcerpt,
  closeGracefully,
  gatewayPrefix,
  readCappedBody,
  transportError,
  transportErrorCodes,
} from "@smskit/provider-utils";

/** Acme SMS: POSTs each message as JSON `{ "to": …, "text": … }` to URL, with an optional bearer token. */
export const provider = defineProvider({
  specVersion: 1,
  id: "acme",
  kind: "sms",
  displayName: "Acme SMS",
  description: 'POSTs each message as JSON {"to", "text"} to URL; any 2xx answer means sent.',
  optionsAllowed: false,
  headersAllowed: false,
  errorCodes: {
    SMSKIT_E_ACME_REJECTED: "Acme SMS answered with a status other than 2xx; the message was not sent.",
    ...transportErrorCodes("SMSKIT_E_ACME"),
  },
  parameters: {
    type: "object",
    properties: {
      URL: {
        type: "string",
        format: "uri",
        description: "The send endpoint, e.g. `https://sms.example.com/send`.",
      },
      API_KEY: {
        type: "string",
        writeOnly: true,
        description: "Sent as `Authorization: Bearer …` when set.",
      },
      TIMEOUT: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 300,
        default: 10,
        description: "Seconds to wait for the connection and for the answer.",
      },
    },
    required: ["URL"],
  },
  async create(config, context) {
    const { Agent } = await import("undici"); // the SDK loads here, never when the manifest is imported
    const { URL: endpoint, API_KEY: apiKey, TIMEOUT: seconds } = config.parameters;
    const url = new URL(endpoint);
    const timeout = seconds * 1000;
    const pool = new Agent({ connect: { timeout }, headersTimeout: timeout, bodyTimeout: timeout });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    return {
      async send(message, { signal }) {
        const body = JSON.stringify({ to: message.to, text: message.text });
        try {
          const answer = await pool.request({
            origin: url.origin,
            path: `${url.pathname}${url.search}`,
            method: "POST",
            headers,
            body,
            signal,
          });
          const { body: reply } = await readCappedBody(answer.body, 64 * 1024);
          if (answer.statusCode >= 200 && answer.statusCode < 300)
            return { details: { status: answer.statusCode } };
          throw new SmsError(
            "SMSKIT_E_ACME_REJECTED",
            `${gatewayPrefix(context.gateway)}Acme SMS answered HTTP ${answer.statusCode}${bodyExcerpt(reply, context.redact)}`,
            { retrySafe: false, details: { status: answer.statusCode } },
          );
        } catch (error) {
          throw transportError(error, {
            codePrefix: "SMSKIT_E_ACME",
            gateway: context.gateway,
            target: url.origin,
            signal,
            redact: context.redact,
          });
        }
      },
      close: () => closeGracefully(pool),
    };
  },
});

export default provider;
