import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { awkwardMessage, closeAll, httpGateway } from "./gateway-harness.js";

let server: FakeHttpServer;

beforeEach(async () => {
  server = await startHttpServer();
});

afterEach(async () => {
  await closeAll();
  await server.close();
});

describe("GET", () => {
  it("sends options as query parameters after the URL's own, the message byte-exact", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/sms/send?account=7`, HTTP_METHOD: "GET" },
      options: { to: "{phone}", text: "{otp}", sender: "ACME" },
    });
    const result = await gateway.send("+49 170 1234567", awkwardMessage);
    const [request] = await server.waitForRequests(1);
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe("/sms/send");
    expect(request?.query).toEqual({
      account: "7",
      to: "+49 170 1234567",
      text: awkwardMessage,
      sender: "ACME",
    });
    expect(request?.body.length).toBe(0);
    expect(result).toMatchObject({ gateway: "sms", provider: "http", details: { status: 200 } });
  });

  it("sends an option written as JSON as JSON text", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/send`, HTTP_METHOD: "GET" },
      options: { recipients: '["{phone}"]', meta: '{"text": "{otp}", "n": 1}' },
    });
    await gateway.send("+491701", 'a "quoted" text');
    const [request] = await server.waitForRequests(1);
    expect(JSON.parse(String(request?.query.recipients))).toEqual(["+491701"]);
    expect(JSON.parse(String(request?.query.meta))).toEqual({ text: 'a "quoted" text', n: 1 });
  });
});

describe("POST", () => {
  it("sends options as a form body", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/form?fixed=1`, HTTP_METHOD: "POST" },
      options: { To: "{phone}", Body: "{otp}" },
    });
    await gateway.send("+15550001", awkwardMessage);
    const [request] = await server.waitForRequests(1);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/form?fixed=1");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.form).toEqual({ To: "+15550001", Body: awkwardMessage });
  });

  it("sends options as a JSON body with SEND_DATA_AS_JSON, keeping JSON structures", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/json`, HTTP_METHOD: "POST", SEND_DATA_AS_JSON: "yes" },
      options: { to: '["{phone}"]', text: "{otp}", flags: '{"flash": false, "parts": 2}' },
    });
    await gateway.send("+491702", awkwardMessage);
    const [request] = await server.waitForRequests(1);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.json).toEqual({
      to: ["+491702"],
      text: awkwardMessage,
      flags: { flash: false, parts: 2 },
    });
  });

  it("sends a form when SEND_DATA_AS_JSON is no", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/`, HTTP_METHOD: "POST", SEND_DATA_AS_JSON: "no" },
      options: { to: "{phone}" },
    });
    await gateway.send("123", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.form).toEqual({ to: "123" });
  });
});

describe("authentication and headers", () => {
  it("uses USERNAME and PASSWORD for basic authentication", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/`, HTTP_METHOD: "POST", USERNAME: "AC123", PASSWORD: "pä:ss word" },
      options: { To: "{phone}" },
    });
    await gateway.send("1", "x");
    const [request] = await server.waitForRequests(1);
    expect(decodeBasic(request?.headers.authorization)).toBe("AC123:pä:ss word");
  });

  it("uses user:password@ in the URL for basic authentication, and never sends it in the URL", async () => {
    const url = new URL(`${server.url}/send`);
    url.username = "user@example";
    url.password = "se:cr et";
    expect(url.href).toContain("user%40example:se%3Acr%20et@");
    const gateway = await httpGateway({
      parameters: { URL: url.href, HTTP_METHOD: "GET" },
      options: { to: "{phone}" },
    });
    await gateway.send("1", "x");
    const [request] = await server.waitForRequests(1);
    expect(decodeBasic(request?.headers.authorization)).toBe("user@example:se:cr et");
    expect(request?.url).toBe("/send?to=1");
  });

  it("prefers USERNAME and PASSWORD over credentials in the URL", async () => {
    const gateway = await httpGateway({
      parameters: {
        URL: server.url.replace("//", "//old:pw@"),
        HTTP_METHOD: "GET",
        USERNAME: "new",
        PASSWORD: "better",
      },
    });
    await gateway.send("1", "x");
    const [request] = await server.waitForRequests(1);
    expect(decodeBasic(request?.headers.authorization)).toBe("new:better");
  });

  it("sends no Authorization header without credentials", async () => {
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    await gateway.send("1", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.headers.authorization).toBeUndefined();
  });

  it("sends the headers with every request, with {phone} and {otp} rendered", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "POST", SEND_DATA_AS_JSON: true },
      headers: { "X-Api-Version": "2", "X-Recipient": "{phone}", "Content-Type": "application/vnd.sms+json" },
      options: { text: "{otp}" },
    });
    await gateway.send("+4930", "one");
    await gateway.send("+4931", "two");
    const requests = await server.waitForRequests(2);
    expect(requests.map((request) => request.headers["x-api-version"])).toEqual(["2", "2"]);
    expect(requests.map((request) => request.headers["x-recipient"])).toEqual(["+4930", "+4931"]);
    // A Content-Type given as a header replaces the provider's own.
    expect(requests[0]?.headers["content-type"]).toBe("application/vnd.sms+json");
    expect(requests[1]?.json).toEqual({ text: "two" });
  });
});

describe("PARAMETER", () => {
  it("adds fixed parameters given as JSON text to the query", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", PARAMETER: '{"api_id": "3456", "concat": 3}' },
      options: { to: "{phone}" },
    });
    await gateway.send("49170", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.query).toEqual({ api_id: "3456", concat: "3", to: "49170" });
  });

  it("adds fixed parameters given as an object to a JSON body, keeping their types", async () => {
    const gateway = await httpGateway({
      parameters: {
        URL: server.url,
        HTTP_METHOD: "POST",
        SEND_DATA_AS_JSON: "yes",
        PARAMETER: { route: { id: 4, priority: true } },
      },
      options: { to: "{phone}" },
    });
    await gateway.send("49170", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.json).toEqual({ route: { id: 4, priority: true }, to: "49170" });
  });

  it("adds fixed parameters to a form", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "POST", PARAMETER: '{"from": "ACME & Co"}' },
      options: { to: "{phone}" },
    });
    await gateway.send("49170", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.form).toEqual({ from: "ACME & Co", to: "49170" });
  });
});

describe("REGEXP", () => {
  it("removes plus signs and slashes with /[\\+/]//", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", REGEXP: "/[\\+/]//" },
      options: { to: "{phone}" },
    });
    const result = await gateway.send("+49/170/123", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.query.to).toBe("49170123");
    expect(result.to).toBe("49170123");
  });

  it("replaces a leading zero with /^0/49/", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "POST", REGEXP: "/^0/49/" },
      options: { to: "{phone}", text: "to {phone}: {otp}" },
    });
    await gateway.send("0170123", "x");
    const [request] = await server.waitForRequests(1);
    expect(request?.form).toEqual({ to: "49170123", text: "to 49170123: x" });
  });
});

function decodeBasic(header: string | undefined): string {
  expect(header).toMatch(/^Basic /);
  return Buffer.from(String(header).slice("Basic ".length), "base64").toString("utf8");
}
