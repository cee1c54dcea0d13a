import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectionsPerGateway } from "../src/index.js";
import { closeAll, httpGateway } from "./gateway-harness.js";

let server: FakeHttpServer;

beforeEach(async () => {
  server = await startHttpServer({ responder: { body: "OK" } });
});

afterEach(async () => {
  await closeAll();
  await server.close();
});

describe("one keep-alive pool per gateway", () => {
  it("sends 200 messages at once over no more connections than the pool size", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "POST" },
      options: { to: "{phone}", text: "{otp}" },
    });
    const sends = Array.from({ length: 200 }, (_, index) => gateway.send(String(index), `message ${index}`));
    await Promise.all(sends);
    expect(server.requests).toHaveLength(200);
    expect(server.connectionsOpened).toBeGreaterThan(0);
    expect(server.connectionsOpened).toBeLessThanOrEqual(connectionsPerGateway);
    const received = server.requests.map((request) => request.form?.text).sort();
    expect(new Set(received).size).toBe(200);
  });

  it("reuses its connections for sequential sends instead of opening one per message", async () => {
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    for (let index = 0; index < 20; index++) await gateway.send(String(index), "x");
    expect(server.requests).toHaveLength(20);
    // undici may hand the next request to a second connection while the first is still finishing
    // its previous response; it never opens one per message.
    expect(server.connectionsOpened).toBeLessThanOrEqual(2);
    expect(new Set(server.requests.map((request) => request.remotePort)).size).toBe(server.connectionsOpened);
  });

  it("closes its connections when the smskit closes", async () => {
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    await Promise.all(Array.from({ length: 10 }, (_, index) => gateway.send(String(index), "x")));
    expect(server.openConnections).toBeGreaterThan(0);
    await gateway.smskit.close();
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(0);
  });

  it("opens a new pool when the definition changes, and closes the old one", async () => {
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    await gateway.send("1", "x");
    await gateway.smskit.saveGateway({
      name: "sms",
      provider: "http",
      parameters: { URL: `${server.url}/v2`, HTTP_METHOD: "GET" },
    });
    await gateway.send("2", "y");
    expect(server.requests.map((request) => request.path)).toEqual(["/", "/v2"]);
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(1);
  });
});
