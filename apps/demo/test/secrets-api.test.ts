import type { Logger } from "@smskit/core";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

const lines: string[] = [];
const logger: Logger = {
  debug: (message, fields) => lines.push(`debug ${message} ${JSON.stringify(fields)}`),
  info: (message, fields) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
  warn: (message, fields) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  error: (message, fields) => lines.push(`error ${message} ${JSON.stringify(fields)}`),
};

let demo: RunningDemo;
let gateway: FakeHttpServer;

beforeAll(async () => {
  demo = await startDemo({ logger });
  gateway = await startHttpServer();
});

afterAll(async () => {
  await gateway.close();
  await demo.close();
});

describe("secrets and message texts the API meets (issue 11)", () => {
  it("keeps Basic credentials, escaped secrets and the message text out of the 502 and the log", async () => {
    gateway.respond((request) => ({
      status: 500,
      body: `authorization: ${request.headers.authorization}\n${request.text}`,
    }));
    const password = 'pa"s\\s/w';
    const saved = await demo.request("PUT", "/api/gateways/echoing", {
      body: {
        provider: "http",
        parameters: { URL: `${gateway.url}/send`, HTTP_METHOD: "POST", USERNAME: "u", PASSWORD: password },
        options: { text: "{otp}", token: password },
      },
    });
    expect(saved.status).toBe(200);
    const sent = await demo.request("POST", "/api/gateways/echoing/send", {
      body: { to: "+1", message: "code 493817" },
    });
    expect(sent.status).toBe(502);
    expect(gateway.requests.at(-1)?.form?.text).toBe("code 493817");
    const warned = lines.filter((line) => line.startsWith("warn send failed"));
    expect(warned.length).toBeGreaterThan(0);
    for (const output of [sent.text, ...warned]) {
      expect(output).not.toContain(Buffer.from(`u:${password}`).toString("base64"));
      expect(output).not.toContain(encodeURIComponent(password));
      expect(output).not.toContain("493817");
      expect(output).toContain("<message>");
    }
    expect(sent.text).toContain("authorization: __CENSORED__");
  });

  it("censors URL credentials and PARAMETER keys, keeps a secret written back with secretHeaders: []", async () => {
    gateway.respond({ body: "OK" });
    const host = gateway.url.replace("http://", "");
    const body = {
      provider: "http",
      parameters: {
        URL: `http://alice:url-pw-1@${host}/send`,
        HTTP_METHOD: "POST",
        PARAMETER: { api_id: "7", api_secret: "param-pw-2" },
      },
      options: { text: "{otp}" },
      headers: { "X-Auth": "header-pw-3" },
      secretHeaders: ["X-Auth"],
    };
    expect((await demo.request("PUT", "/api/gateways/embedded", { body })).status).toBe(200);
    const read = await demo.request("GET", "/api/gateways/embedded");
    expect(read.json.parameters).toMatchObject({
      URL: `http://alice:__CENSORED__@${host}/send`,
      PARAMETER: { api_id: "7", api_secret: "__CENSORED__" },
    });
    expect(read.text).not.toMatch(/url-pw-1|param-pw-2|header-pw-3/);

    const { name, revision, updatedAt, ...rest } = read.json;
    const back = await demo.request("PUT", "/api/gateways/embedded", {
      body: { ...rest, secretHeaders: [] },
    });
    expect(back.status).toBe(200);
    expect(back.json.headers["X-Auth"]).toBe("__CENSORED__");
    expect(back.json.secretHeaders).toEqual(["X-Auth"]);
    expect(
      (await demo.request("POST", "/api/gateways/embedded/send", { body: { to: "+1", message: "hi" } }))
        .status,
    ).toBe(200);
    const request = gateway.requests.at(-1);
    expect(request?.headers["x-auth"]).toBe("header-pw-3");
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from("alice:url-pw-1").toString("base64")}`);
    expect(request?.form?.api_secret).toBe("param-pw-2");

    const refused = await demo.request("PUT", "/api/gateways/embedded", {
      body: { ...rest, headers: { ...rest.headers, "X-New": "__CENSORED__" } },
    });
    expect(refused.status).toBe(422);
    expect((await demo.request("GET", "/api/gateways/embedded")).json.revision).toBe(2);
  });
});
