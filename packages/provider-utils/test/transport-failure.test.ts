import { type FakeHttpServer, type HttpReply, startForwardProxy, startHttpServer } from "@smskit/testkit";
import { Agent, errors, ProxyAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { classifyTransportFailure, type TransportContext, transportError } from "../src/index.js";

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function server(reply: HttpReply, tls = false): Promise<FakeHttpServer> {
  const started = await startHttpServer({ responder: reply, tls });
  opened.push(started);
  return started;
}

/** What a real undici request to `url` threw, with the context to classify it in. */
async function failureOf(url: string, options: { agent?: Agent | ProxyAgent; signal?: AbortSignal } = {}) {
  const agent = options.agent ?? new Agent({ headersTimeout: 300, bodyTimeout: 300 });
  try {
    await agent.request({
      origin: new URL(url).origin,
      path: "/sms",
      method: "POST",
      body: "x",
      signal: options.signal,
    });
  } catch (error) {
    return error;
  } finally {
    await agent.destroy();
  }
  throw new Error("the request succeeded");
}

function classify(error: unknown, context?: TransportContext) {
  const { kind, retrySafe, deliveryUnknown } = classifyTransportFailure(error, context);
  return { kind, retrySafe, deliveryUnknown };
}

describe("classifyTransportFailure, with failures of real requests on loopback", () => {
  it("a refused connection: unreachable, nothing sent, retry safe", async () => {
    const closed = await startHttpServer();
    await closed.close();
    const error = await failureOf(closed.url);
    expect(classify(error)).toEqual({ kind: "unreachable", retrySafe: true, deliveryUnknown: false });
    expect(classifyTransportFailure(error).errorCode).toBe("ECONNREFUSED");
  });

  it("no answer after the request was written: timeout, delivery unknown", async () => {
    const hanging = await server({ hang: true });
    const error = await failureOf(hanging.url);
    expect(classify(error)).toEqual({ kind: "timeout", retrySafe: false, deliveryUnknown: true });
    expect(classify(new Error("late"), { timedOut: true }).kind).toBe("timeout");
  });

  it("a connect timeout: the connection never completed, so nothing was sent", () => {
    const error = new errors.ConnectTimeoutError();
    expect(classify(error)).toEqual({ kind: "connect-timeout", retrySafe: true, deliveryUnknown: false });
    // Also when it is wrapped, as fetch does.
    expect(classify(new TypeError("fetch failed", { cause: error })).kind).toBe("connect-timeout");
  });

  it("a certificate that cannot be verified: tls-verify, retry safe", async () => {
    const https = await server({ body: "ok" }, true);
    const error = await failureOf(https.url);
    expect(classify(error)).toEqual({ kind: "tls-verify", retrySafe: true, deliveryUnknown: false });
  });

  it("a proxy that demands credentials: proxy-refused with its status, retry safe", async () => {
    const target = await server({ body: "ok" });
    const proxy = await startForwardProxy({ requireAuth: { username: "u", password: "p" } });
    opened.push(proxy);
    const error = await failureOf(target.url.replace("http:", "https:"), {
      agent: new ProxyAgent(proxy.url),
    });
    expect(classify(error)).toEqual({ kind: "proxy-refused", retrySafe: true, deliveryUnknown: false });
    expect(classifyTransportFailure(error).proxyStatus).toBe(407);
  });

  it("a connection dropped before the answer: delivery unknown", async () => {
    const dropping = await server({ reset: true });
    const error = await failureOf(dropping.url);
    expect(classify(error)).toEqual({ kind: "connection-dropped", retrySafe: false, deliveryUnknown: true });
  });

  it("the caller's abort and the send deadline: delivery unknown, told apart by the reason", async () => {
    const hanging = await server({ hang: true });
    const controller = new AbortController();
    const pending = failureOf(hanging.url, { signal: controller.signal });
    await hanging.waitForRequests(1);
    controller.abort();
    const error = await pending;
    expect(classify(error, { signal: controller.signal })).toEqual({
      kind: "aborted",
      retrySafe: false,
      deliveryUnknown: true,
    });
    const deadline = AbortSignal.abort(new DOMException("deadline", "TimeoutError"));
    expect(classify(error, { signal: deadline }).kind).toBe("deadline");
  });

  it("a request the client refuses to build: request-invalid, retry safe", () => {
    const error = new errors.InvalidArgumentError("invalid header value");
    expect(classify(error)).toEqual({ kind: "request-invalid", retrySafe: true, deliveryUnknown: false });
  });
});

describe("transportError", () => {
  it("makes an SmsError with the provider's codes, the gateway prefix and the secrets censored", async () => {
    const closed = await startHttpServer();
    await closed.close();
    const cause = new Error("connect ECONNREFUSED s3cret", { cause: await failureOf(closed.url) });
    const error = transportError(cause, {
      gateway: "otp",
      target: closed.url,
      redact: (text) => text.replaceAll("s3cret", "__CENSORED__"),
      codePrefix: "SMSKIT_E_ACME",
    });
    expect(error).toMatchObject({
      code: "SMSKIT_E_ACME_UNREACHABLE",
      gateway: "otp",
      retrySafe: true,
      deliveryUnknown: false,
      details: { errorCode: "ECONNREFUSED" },
    });
    expect(error.message).toMatch(/^gateway 'otp': could not connect to http:\/\/127\.0\.0\.1:\d+ \(/);
    expect(error.message).not.toContain("s3cret");
    expect(transportError(error, { gateway: "x", target: "y", redact: String })).toBe(error);
  });

  it("gives an abort core's codes and no cause, and unknown kinds SMSKIT_E_SEND_FAILED without a prefix", () => {
    const signal = AbortSignal.abort();
    const aborted = transportError(new Error("aborted"), {
      gateway: "g",
      target: "t",
      redact: String,
      signal,
    });
    expect(aborted).toMatchObject({ code: "SMSKIT_E_SEND_ABORTED", deliveryUnknown: true });
    expect(aborted.cause).toBeUndefined();
    const other = transportError(new Error("odd"), { gateway: "g", target: "t", redact: String });
    expect(other).toMatchObject({ code: "SMSKIT_E_SEND_FAILED", retrySafe: false, deliveryUnknown: true });
  });
});
