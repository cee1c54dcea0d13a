import { request as httpsRequest } from "node:https";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeHttpServer, startHttpServer, testCertificate } from "../src/index.js";

let server: FakeHttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("startHttpServer with tls", () => {
  it("serves HTTPS to a client that trusts testCertificate()", async () => {
    server = await startHttpServer({ tls: true, responder: { body: "secure" } });
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const reply = await get(`${server.url}/p?q=1`, { ca: testCertificate().cert });
    expect(reply).toEqual({ status: 200, body: "secure" });
    expect(server.requests[0]).toMatchObject({ path: "/p", query: { q: "1" } });
  });

  it("is valid for localhost too", async () => {
    server = await startHttpServer({ tls: true });
    const reply = await get(`https://localhost:${server.port}/`, { ca: testCertificate().cert });
    expect(reply.status).toBe(200);
  });

  it("is refused by a client that does not trust the certificate", async () => {
    server = await startHttpServer({ tls: true });
    await expect(get(server.url, {})).rejects.toThrow(/self-signed certificate/);
    await expect(fetch(server.url)).rejects.toThrow(/fetch failed/);
    expect(server.requests).toHaveLength(0);
  });

  it("returns the same certificate every time, for CN=localhost", () => {
    const certificate = testCertificate();
    expect(testCertificate()).toBe(certificate);
    expect(certificate.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(certificate.key).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);
  });
});

/** A GET with node:https and the given trust settings. */
function get(url: string, options: { ca?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ...options, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}
