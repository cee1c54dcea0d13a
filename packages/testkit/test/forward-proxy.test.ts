import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeForwardProxy,
  type FakeHttpServer,
  startForwardProxy,
  startHttpServer,
  testCertificate,
} from "../src/index.js";

const running: Array<FakeHttpServer | FakeForwardProxy> = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function setUp(options?: Parameters<typeof startForwardProxy>[0]) {
  const proxy = await startForwardProxy(options);
  const plain = await startHttpServer({ responder: (request) => ({ body: `plain ${request.url}` }) });
  const secure = await startHttpServer({ tls: true, responder: { body: "secure" } });
  running.push(proxy, plain, secure);
  return { proxy, plain, secure, proxyPort: Number(new URL(proxy.url).port) };
}

describe("startForwardProxy", () => {
  it("forwards an absolute-form HTTP request and records it", async () => {
    const { proxy, plain, proxyPort } = await setUp();
    const reply = await viaProxy(proxyPort, "POST", `${plain.url}/sms?to=1`, "hello");
    expect(reply).toEqual({ status: 200, body: "plain /sms?to=1" });
    expect(plain.requests[0]).toMatchObject({ method: "POST", url: "/sms?to=1", text: "hello" });
    expect(plain.requests[0]?.headers["proxy-authorization"]).toBeUndefined();
    expect(proxy.requests).toEqual([{ method: "POST", target: `${plain.url}/sms?to=1` }]);
  });

  it("tunnels CONNECT to the HTTPS fake and records it", async () => {
    const { proxy, secure, proxyPort } = await setUp();
    const authority = `127.0.0.1:${secure.port}`;
    const { status, socket } = await openTunnel(proxyPort, authority);
    expect(status).toBe(200);
    const reply = await httpsOver(socket, `${secure.url}/inside`);
    expect(reply).toEqual({ status: 200, body: "secure" });
    expect(secure.requests[0]?.path).toBe("/inside");
    expect(proxy.requests).toEqual([{ method: "CONNECT", target: authority }]);
  });

  it("close() ends open tunnels", async () => {
    const { proxy, secure, proxyPort } = await setUp();
    const { socket } = await openTunnel(proxyPort, `127.0.0.1:${secure.port}`);
    const ended = new Promise((resolve) => socket.once("close", resolve));
    await proxy.close();
    await ended;
    expect(socket.destroyed).toBe(true);
  });

  it("refuses non-loopback targets with 403, for both forms", async () => {
    const { proxy, proxyPort } = await setUp();
    const plain = await viaProxy(proxyPort, "GET", "http://192.0.2.10/x");
    expect(plain.status).toBe(403);
    const tunnel = await openTunnel(proxyPort, "example.com:443");
    expect(tunnel.status).toBe(403);
    tunnel.socket.destroy();
    expect(proxy.requests).toEqual([
      { method: "GET", target: "http://192.0.2.10/x" },
      { method: "CONNECT", target: "example.com:443" },
    ]);
  });

  it("demands the configured credentials with 407", async () => {
    const { plain, secure, proxyPort } = await setUp({ requireAuth: { username: "u", password: "p w" } });
    expect((await viaProxy(proxyPort, "GET", plain.url)).status).toBe(407);
    const refused = await openTunnel(proxyPort, `127.0.0.1:${secure.port}`);
    expect(refused.status).toBe(407);
    refused.socket.destroy();
    const authorization = `Basic ${Buffer.from("u:p w").toString("base64")}`;
    expect((await viaProxy(proxyPort, "GET", plain.url, undefined, authorization)).status).toBe(200);
    const tunnel = await openTunnel(proxyPort, `127.0.0.1:${secure.port}`, authorization);
    expect(tunnel.status).toBe(200);
    tunnel.socket.destroy();
  });

  it("answers 502 when the loopback target does not listen", async () => {
    const { plain, proxyPort } = await setUp();
    const url = plain.url;
    await plain.close();
    expect((await viaProxy(proxyPort, "GET", url)).status).toBe(502);
  });
});

/** Send an absolute-form request to the proxy. */
function viaProxy(
  proxyPort: number,
  method: string,
  target: string,
  body?: string,
  authorization?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: new URL(target).host };
    if (authorization) headers["proxy-authorization"] = authorization;
    const request = httpRequest(
      { host: "127.0.0.1", port: proxyPort, method, path: target, headers, agent: false },
      (response) => readAll(response).then(resolve, reject),
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Ask the proxy for a tunnel; resolves with the status and the raw socket. */
function openTunnel(
  proxyPort: number,
  authority: string,
  authorization?: string,
): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: authority };
    if (authorization) headers["proxy-authorization"] = authorization;
    const request = httpRequest({
      host: "127.0.0.1",
      port: proxyPort,
      method: "CONNECT",
      path: authority,
      headers,
      agent: false,
    });
    request.on("connect", (response: IncomingMessage, socket: Socket) =>
      resolve({ status: response.statusCode ?? 0, socket }),
    );
    request.on("error", reject);
    request.end();
  });
}

/** Speak HTTPS over an established tunnel, trusting the test certificate. */
function httpsOver(socket: Socket, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      {
        createConnection: () => tlsConnect({ socket, ca: testCertificate().cert, servername: "localhost" }),
      },
      (response) => readAll(response).then(resolve, reject),
    );
    request.on("error", reject);
    request.end();
  });
}

async function readAll(response: IncomingMessage): Promise<{ status: number; body: string }> {
  let body = "";
  for await (const chunk of response) body += String(chunk);
  return { status: response.statusCode ?? 0, body };
}
