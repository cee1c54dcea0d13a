import {
  coreErrors,
  type DeliveryReceipt,
  type GatewayConfig,
  type OutgoingMessage,
  type ProviderCallOptions,
  type ProviderContext,
  type ProviderInstance,
  SmsError,
  type TemplateValue,
} from "@smskit/provider";
import { closeGracefully } from "@smskit/provider-utils";
import { type Dispatcher, Pool, ProxyAgent } from "undici";
import type { RequestTarget } from "./http-error-codes.js";
import { ExchangeError, exchange } from "./http-exchange.js";
import { messageIdReader, receiptReader } from "./http-receipts.js";
import {
  connectionsPerGateway,
  type HttpParameters,
  maximumBodyBytes,
  parseFixedParameters,
} from "./http-settings.js";
import { transportError } from "./http-transport-error.js";
import { type DataEncoding, encodeRequest } from "./request-body.js";
import { checkResponse, type ResponseRules } from "./response-check.js";

/**
 * Create the live instance of one HTTP gateway: one keep-alive connection pool (or one proxy
 * agent) for the gateway's origin, reused by every send and closed with the instance.
 */
export function createHttpGateway(
  config: GatewayConfig<HttpParameters>,
  context: ProviderContext,
): ProviderInstance {
  const parameters = config.parameters;
  const url = new URL(parameters.URL);
  const proxyUrl = chooseProxy(parameters, url.protocol);
  const timeoutMs = Math.max(1, Math.round(parameters.TIMEOUT * 1000));
  const fixedFields = parseFixedParameters(parameters.PARAMETER) ?? {};
  const redact = context.redactWith([
    decodedCredential(url.password),
    proxyUrl ? decodedCredential(new URL(proxyUrl).password) : "",
    ...Object.entries(fixedFields)
      .filter(([key]) => context.isSecretKey(key))
      .map(([, value]) => (typeof value === "string" ? value : JSON.stringify(value))),
  ]);
  const target: RequestTarget = {
    gateway: config.gateway,
    endpoint: `${url.origin}${url.pathname}`,
    proxy: proxyUrl ? withoutCredentials(proxyUrl) : undefined,
    timeoutMs,
    redact,
  };
  const rules: ResponseRules = {
    returnSuccess: parameters.RETURN_SUCCESS,
    returnFail: parameters.RETURN_FAIL,
  };
  const encoding: DataEncoding =
    parameters.HTTP_METHOD === "GET" ? "query" : parameters.SEND_DATA_AS_JSON ? "json" : "form";
  const authorization = basicAuthorization(
    parameters.USERNAME ?? decodedCredential(url.username),
    parameters.PASSWORD ?? (parameters.USERNAME === undefined ? decodedCredential(url.password) : ""),
  );
  const basePath = `${url.pathname}${url.search}`;
  const origin = url.origin;
  const method = parameters.HTTP_METHOD;
  const dispatcher = createDispatcher(origin, url.protocol, proxyUrl, parameters.CHECK_SSL, timeoutMs);
  const readMessageId = messageIdReader(parameters.MESSAGE_ID_FIELD);
  let closed = false;

  return {
    ...(parameters.RECEIPTS ? { readReceipt: receiptReader(config.gateway, parameters) } : {}),
    async send(message: OutgoingMessage, options: ProviderCallOptions): Promise<DeliveryReceipt> {
      if (closed) {
        throw coreErrors.SMSKIT_E_CLOSED.create(
          { what: `gateway '${config.gateway}': this HTTP gateway instance is`, next: "; nothing was sent" },
          { gateway: config.gateway },
        );
      }
      const request = encodeRequest(basePath, encoding, mergeFields(fixedFields, message.options));
      const headers = requestHeaders(request.contentType, authorization, message.headers);
      const callerSignal = options.signal;
      try {
        const answer = await exchange(
          dispatcher,
          {
            origin,
            path: request.path,
            method,
            headers,
            body: request.body,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          timeoutMs,
          maximumBodyBytes,
          callerSignal,
        );
        const problem = checkResponse(answer.statusCode, answer.body, rules, target);
        if (problem) throw problem;
        const messageId = readMessageId?.(answer.body.toString("utf8"));
        return messageId === undefined
          ? { details: { status: answer.statusCode } }
          : { messageId, details: { status: answer.statusCode } };
      } catch (error) {
        if (error instanceof SmsError) throw error;
        const failure = error instanceof ExchangeError ? error.failure : { timedOut: false };
        const cause = error instanceof ExchangeError ? error.cause : error;
        throw transportError(cause, target, { timedOut: failure.timedOut, callerSignal });
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Let in-flight requests finish, but never wait long: after that, drop every socket.
      await closeGracefully(dispatcher);
    },
  };
}

/** The proxy for a URL's scheme: HTTP_PROXY for http://, HTTPS_PROXY for https://, else PROXY. */
export function chooseProxy(
  parameters: Pick<HttpParameters, "PROXY" | "HTTP_PROXY" | "HTTPS_PROXY">,
  protocol: string,
): string | undefined {
  const specific = protocol === "https:" ? parameters.HTTPS_PROXY : parameters.HTTP_PROXY;
  return specific ?? parameters.PROXY;
}

function createDispatcher(
  origin: string,
  protocol: string,
  proxyUrl: string | undefined,
  checkSsl: boolean,
  timeoutMs: number,
): Dispatcher {
  const tls = { rejectUnauthorized: checkSsl, timeout: timeoutMs };
  if (proxyUrl === undefined) {
    return new Pool(origin, {
      connections: connectionsPerGateway,
      connect: tls,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }
  return new ProxyAgent({
    uri: proxyUrl,
    // https:// goes through a CONNECT tunnel; http:// is forwarded in absolute form.
    proxyTunnel: protocol === "https:",
    requestTls: tls,
    proxyTls: { timeout: timeoutMs },
    connections: connectionsPerGateway,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    factory: (poolOrigin, poolOptions) =>
      new Pool(poolOrigin, { ...poolOptions, connections: connectionsPerGateway }),
  });
}

function mergeFields(
  fixed: Readonly<Record<string, TemplateValue>>,
  options: Readonly<Record<string, TemplateValue>>,
): Readonly<Record<string, TemplateValue>> {
  for (const _key in fixed) return { ...fixed, ...options };
  return options;
}

function requestHeaders(
  contentType: string | undefined,
  authorization: string | undefined,
  custom: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers["content-type"] = contentType;
  if (authorization !== undefined) headers.authorization = authorization;
  for (const name in custom) {
    const value = custom[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    // A header the gateway definition sets itself replaces the provider's own.
    if (lower === "content-type" || lower === "authorization") delete headers[lower];
    headers[name] = value;
  }
  return headers;
}

function basicAuthorization(username: string, password: string): string | undefined {
  if (username === "") return undefined;
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

function decodedCredential(value: string): string {
  if (value === "") return "";
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function withoutCredentials(address: string): string {
  const url = new URL(address);
  url.username = "";
  url.password = "";
  return url.origin;
}
