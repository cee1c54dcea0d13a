// /metrics, the OpenAPI document, and a graceful close that lets a running send finish.
import { startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("operations", () => {
  it("serves /metrics in Prometheus text format", async () => {
    await demo.request("POST", "/api/gateways/sandbox/send", { body: { to: "1", message: "metrics" } });
    const metrics = await demo.request("GET", "/metrics", { token: null });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain("# TYPE smskit_sends_total counter");
    expect(metrics.text).toMatch(
      /smskit_sends_total\{gateway="sandbox",provider="http",result="success"\} \d+/,
    );
  });

  it("describes every API route with its schemas in /api/openapi.json", async () => {
    const response = await demo.request("GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    const document = response.json;
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/bulk/jobs/{id}/events",
      "/api/bulk/jobs/{id}/results",
      "/api/bulk/{target}",
      "/api/export",
      "/api/gateways",
      "/api/gateways/{name}",
      "/api/gateways/{name}/health",
      "/api/gateways/{name}/send",
      "/api/import",
      "/api/inspect",
      "/api/messages",
      "/api/messages/events",
      "/api/messages/{id}",
      "/api/openapi.json",
      "/api/providers",
      "/api/routes",
      "/api/routes/{name}",
      "/api/sandbox/messages",
      "/api/schemas/smtp-server",
      "/api/smtp-servers",
      "/api/smtp-servers/{name}",
      "/healthz",
      "/metrics",
    ]);
    const put = document.paths["/api/gateways/{name}"].put;
    expect(put.security).toEqual([{ adminToken: [] }]);
    expect(put.requestBody.content["application/json"].schema.required).toEqual(["provider"]);
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "409", "422"]));
    expect(put.parameters).toContainEqual(
      expect.objectContaining({ name: "name", in: "path", required: true }),
    );
    const send = document.paths["/api/gateways/{name}/send"].post;
    expect(send.responses["502"].content["application/json"].schema.properties.code.type).toBe("string");
    expect(document.paths["/api/export"].get.parameters[0]).toMatchObject({ name: "censor", in: "query" });
    expect(document.paths["/healthz"].get.security).toBeUndefined();
  });

  it("lets a running send finish on close, then closes smskit and answers no more", async () => {
    const slow = await startHttpServer({ responder: { body: "OK", delayMs: 400 } });
    const own = await startDemo();
    try {
      await own.request("PUT", "/api/gateways/slow", {
        body: { provider: "http", parameters: { URL: slow.url, HTTP_METHOD: "GET" } },
      });
      const sending = own.request("POST", "/api/gateways/slow/send", { body: { to: "1", message: "late" } });
      await slow.waitForRequests(1);
      const closing = own.app.close();
      const response = await sending;
      expect(response.status).toBe(200);
      await closing;
      await expect(own.app.demo.smskit.send("slow", "1", "x")).rejects.toMatchObject({
        code: "SMSKIT_E_CLOSED",
      });
      await expect(fetch(new URL("/healthz", own.url))).rejects.toThrow();
    } finally {
      await own.close();
      await slow.close();
    }
  });
});
