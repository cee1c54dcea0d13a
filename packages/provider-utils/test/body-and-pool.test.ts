import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { bodyExcerpt, closeGracefully, gatewayMessage, readCappedBody } from "../src/index.js";

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("readCappedBody", () => {
  it("keeps at most the limit of a long body and says it cut it", async () => {
    server = await startHttpServer({ responder: { body: "x".repeat(100_000) } });
    const agent = new Agent();
    const answer = await agent.request({ origin: server.url, path: "/", method: "GET" });
    const read = await readCappedBody(answer.body, 1000);
    expect(read).toMatchObject({ truncated: true });
    expect(read.body.length).toBe(1000);
    await agent.destroy();
  });

  it("reads a short body whole", async () => {
    const read = await readCappedBody(
      (async function* () {
        yield "héllo ";
        yield new TextEncoder().encode("world");
      })(),
    );
    expect(read).toEqual({ body: Buffer.from("héllo world"), truncated: false });
  });
});

describe("bodyExcerpt and gatewayMessage", () => {
  it("quotes the start of a body with secrets censored, also one the cut would halve", () => {
    const redact = (text: string) => text.replaceAll("SECRETVALUE", "__CENSORED__");
    expect(bodyExcerpt(Buffer.from(`${"a".repeat(5)}SECRETVALUE tail`), redact, 10)).toBe(': "aaaaa__CEN" …');
    expect(bodyExcerpt("", redact)).toBe(" (empty body)");
    expect(gatewayMessage("otp", "refused")).toBe("gateway 'otp': refused");
  });
});

describe("closeGracefully", () => {
  it("lets a request in flight finish within the grace", async () => {
    server = await startHttpServer({ responder: { delayMs: 100, body: "late but fine" } });
    const agent = new Agent();
    const request = agent
      .request({ origin: server.url, path: "/", method: "GET" })
      .then((answer) => answer.body.text());
    await server.waitForRequests(1);
    await closeGracefully(agent, 5000);
    await expect(request).resolves.toBe("late but fine");
    await expect.poll(() => server?.openConnections).toBe(0);
  });

  it("destroys what is still open after the grace, so close never hangs", async () => {
    server = await startHttpServer({ responder: { hang: true } });
    const agent = new Agent();
    const request = agent.request({ origin: server.url, path: "/", method: "GET" });
    request.catch(() => {});
    await server.waitForRequests(1);
    await closeGracefully(agent, 50);
    await expect(request).rejects.toThrow();
    await expect.poll(() => server?.openConnections).toBe(0);
  });
});
