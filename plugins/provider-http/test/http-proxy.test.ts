import {
  type FakeForwardProxy,
  type FakeHttpServer,
  startForwardProxy,
  startHttpServer,
} from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, expectSmsError, httpGateway } from "./gateway-harness.js";

const running: Array<FakeHttpServer | FakeForwardProxy> = [];

afterEach(async () => {
  await closeAll();
  await Promise.all(running.splice(0).map((item) => item.close()));
});

async function server(tls = false): Promise<FakeHttpServer> {
  const started = await startHttpServer({ tls });
  running.push(started);
  return started;
}

async function proxy(requireAuth?: { username: string; password: string }): Promise<FakeForwardProxy> {
  const started = await startForwardProxy(requireAuth ? { requireAuth } : {});
  running.push(started);
  return started;
}

describe("through a forward proxy", () => {
  it("forwards an http:// request in absolute form through HTTP_PROXY", async () => {
    const gatewayServer = await server();
    const forward = await proxy();
    const gateway = await httpGateway({
      parameters: { URL: `${gatewayServer.url}/send`, HTTP_METHOD: "GET", HTTP_PROXY: forward.url },
      options: { to: "{phone}", text: "{otp}" },
    });
    await gateway.send("+491", "a&b");
    const [request] = await gatewayServer.waitForRequests(1);
    expect(request?.query).toEqual({ to: "+491", text: "a&b" });
    expect(forward.requests).toEqual([
      { method: "GET", target: `${gatewayServer.url}/send?to=%2B491&text=a%26b` },
    ]);
  });

  it("tunnels an https:// request through HTTPS_PROXY with CONNECT", async () => {
    const gatewayServer = await server(true);
    const forward = await proxy();
    const gateway = await httpGateway({
      parameters: {
        URL: `${gatewayServer.url}/send`,
        HTTP_METHOD: "POST",
        SEND_DATA_AS_JSON: "yes",
        CHECK_SSL: "no",
        HTTPS_PROXY: forward.url,
      },
      options: { to: "{phone}" },
    });
    await gateway.send("+491", "x");
    await gateway.send("+492", "y");
    const requests = await gatewayServer.waitForRequests(2);
    expect(requests.map((request) => request.json)).toEqual([{ to: "+491" }, { to: "+492" }]);
    expect(forward.requests.length).toBeGreaterThan(0);
    for (const request of forward.requests) {
      expect(request).toEqual({ method: "CONNECT", target: `127.0.0.1:${gatewayServer.port}` });
    }
  });

  it("verifies the gateway's certificate inside the tunnel with CHECK_SSL=yes", async () => {
    const gatewayServer = await server(true);
    const forward = await proxy();
    const gateway = await httpGateway({
      parameters: { URL: gatewayServer.url, HTTP_METHOD: "GET", HTTPS_PROXY: forward.url },
    });
    await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_TLS_VERIFY");
    expect(forward.requests.map((request) => request.method)).toEqual(["CONNECT"]);
    expect(gatewayServer.requests).toHaveLength(0);
  });

  it("uses PROXY when no proxy for the URL's scheme is set, and HTTP_PROXY/HTTPS_PROXY over PROXY", async () => {
    const gatewayServer = await server();
    const legacy = await proxy();
    const specific = await proxy();
    const other = await proxy();
    const viaLegacy = await httpGateway({
      parameters: { URL: gatewayServer.url, HTTP_METHOD: "GET", PROXY: legacy.url, HTTPS_PROXY: other.url },
    });
    await viaLegacy.send("1", "x");
    const viaSpecific = await httpGateway({
      parameters: { URL: gatewayServer.url, HTTP_METHOD: "GET", PROXY: legacy.url, HTTP_PROXY: specific.url },
    });
    await viaSpecific.send("2", "y");
    expect(legacy.requests).toHaveLength(1);
    expect(specific.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
    expect(gatewayServer.requests).toHaveLength(2);
  });

  it("sends the proxy credentials from the proxy URL", async () => {
    const gatewayServer = await server();
    const guarded = await proxy({ username: "proxyuser", password: "proxy-Secret" });
    const withCredentials = guarded.url.replace("//", "//proxyuser:proxy-Secret@");
    const gateway = await httpGateway({
      parameters: { URL: gatewayServer.url, HTTP_METHOD: "GET", PROXY: withCredentials },
    });
    await gateway.send("1", "x");
    expect(gatewayServer.requests).toHaveLength(1);
  });

  it("reports a proxy that demands authentication for a tunnel, without leaking credentials", async () => {
    const gatewayServer = await server(true);
    const guarded = await proxy({ username: "proxyuser", password: "right" });
    const gateway = await httpGateway({
      parameters: {
        URL: gatewayServer.url,
        HTTP_METHOD: "GET",
        CHECK_SSL: "no",
        HTTPS_PROXY: guarded.url.replace("//", "//proxyuser:wrong-Secret@"),
      },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_PROXY");
    expect(error.retrySafe).toBe(true);
    expect(error.details).toMatchObject({ proxyStatus: 407 });
    expect(error.message).toContain(guarded.url);
    expect(error.message).not.toContain("wrong-Secret");
    expect(gatewayServer.requests).toHaveLength(0);
  });

  it("reports a proxy that demands authentication for a forwarded request", async () => {
    const gatewayServer = await server();
    const guarded = await proxy({ username: "proxyuser", password: "right" });
    const gateway = await httpGateway({
      parameters: { URL: gatewayServer.url, HTTP_METHOD: "GET", HTTP_PROXY: guarded.url },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_PROXY");
    expect(error.details).toMatchObject({ proxyStatus: 407 });
  });

  it("reports a proxy that is not running as a refused connection", async () => {
    const gatewayServer = await server();
    const gone = await proxy();
    await gone.close();
    const gateway = await httpGateway({
      parameters: { URL: gatewayServer.url, HTTP_METHOD: "GET", HTTP_PROXY: gone.url },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_CONNECTION_REFUSED");
    expect(error.message).toContain(`the proxy ${gone.url}`);
  });
});
