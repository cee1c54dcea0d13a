import { Agent, request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeHttpServer, startHttpServer } from "../src/index.js";

const servers: FakeHttpServer[] = [];

async function start(options?: Parameters<typeof startHttpServer>[0]): Promise<FakeHttpServer> {
  const server = await startHttpServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("startHttpServer", () => {
  it("records method, path, query, headers and a JSON body", async () => {
    const server = await start();
    const response = await fetch(`${server.url}/sms/send?to=%2B4912&tag=a&tag=b`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "k1" },
      body: JSON.stringify({ text: "Grüße & <ok>" }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("OK");
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      method: "POST",
      path: "/sms/send",
      url: "/sms/send?to=%2B4912&tag=a&tag=b",
      query: { to: "+4912", tag: ["a", "b"] },
      json: { text: "Grüße & <ok>" },
      form: undefined,
      text: '{"text":"Grüße & <ok>"}',
    });
    expect(recorded?.headers["x-api-key"]).toBe("k1");
    expect(recorded?.body.equals(Buffer.from('{"text":"Grüße & <ok>"}'))).toBe(true);
  });

  it("records a form body and leaves json undefined for other types", async () => {
    const server = await start();
    await fetch(server.url, {
      method: "POST",
      body: new URLSearchParams([
        ["to", "+49 1"],
        ["to", "x"],
        ["m", "a&b"],
      ]),
    });
    await fetch(server.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(server.requests[0]?.form).toEqual({ to: ["+49 1", "x"], m: "a&b" });
    expect(server.requests[0]?.json).toBeUndefined();
    expect(server.requests[1]).toMatchObject({ method: "PUT", text: "{}", json: undefined, form: undefined });
  });

  it("answers with the status, headers and body it is told, fixed or computed", async () => {
    const server = await start({ responder: { status: 201, headers: { "x-id": "7" }, body: { id: 7 } } });
    const first = await fetch(server.url);
    expect(first.status).toBe(201);
    expect(first.headers.get("x-id")).toBe("7");
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({ id: 7 });
    server.respond((request) => ({ status: 503, body: `busy ${request.path}` }));
    const second = await fetch(`${server.url}/x`);
    expect([second.status, await second.text()]).toEqual([503, "busy /x"]);
  });

  it("answers late with delayMs", async () => {
    const server = await start({ responder: { delayMs: 300, body: "late" } });
    const started = performance.now();
    const response = await fetch(server.url);
    expect(await response.text()).toBe("late");
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("never answers with hang, until the client aborts", async () => {
    const server = await start({ responder: { hang: true } });
    const pending = fetch(server.url, { signal: AbortSignal.timeout(300) });
    await expect(pending).rejects.toThrow(/aborted|timeout/i);
    expect(server.requests).toHaveLength(1);
  });

  it("drops the connection without answering with reset", async () => {
    const server = await start({ responder: { reset: true } });
    await expect(fetch(server.url)).rejects.toThrow(/fetch failed/);
    expect(server.requests).toHaveLength(1);
  });

  it("counts connections: keep-alive reuses one, separate connections open more", async () => {
    const server = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let index = 0; index < 3; index++) await get(server.url, agent);
    } finally {
      agent.destroy();
    }
    expect(server.connectionsOpened).toBe(1);
    expect(new Set(server.requests.map((request) => request.remotePort)).size).toBe(1);
    await get(server.url, false);
    await get(server.url, false);
    expect(server.connectionsOpened).toBe(3);
    expect(new Set(server.requests.map((request) => request.remotePort)).size).toBe(3);
  });

  it("waits for requests and reports a shortfall", async () => {
    const server = await start();
    const waiting = server.waitForRequests(2);
    await fetch(server.url);
    await fetch(server.url);
    expect(await waiting).toHaveLength(2);
    await expect(server.waitForRequests(3, 100)).rejects.toThrow(
      /received 2 request\(s\) within 100 ms; expected 3/,
    );
  });

  it("close() destroys hanging connections", async () => {
    const server = await start({ responder: { hang: true } });
    const pending = fetch(server.url).catch((error: unknown) => error);
    await server.waitForRequests(1);
    expect(server.openConnections).toBe(1);
    await server.close();
    expect(server.openConnections).toBe(0);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("listens on ::1 when asked", async () => {
    const server = await start({ host: "::1" });
    expect(server.url).toBe(`http://[::1]:${server.port}`);
    expect((await fetch(server.url)).status).toBe(200);
  });
});

/** A GET over the given agent (false: a connection of its own); resolves when the body is read. */
function get(url: string, agent: Agent | false): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = httpRequest(url, { agent }, (response) => {
      response.resume();
      response.on("end", resolve);
    });
    request.on("error", reject);
    request.end();
  });
}
