import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo.close();
});

/** Read server-sent events from the stream until `count` `status` events came. */
async function readEvents(response: Response, count: number): Promise<{ id: string; status: string }[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { id: string; status: string }[] = [];
  let buffered = "";
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end = buffered.indexOf("\n\n");
    while (end >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block.split("\n").find((line) => line.startsWith("data: "));
      if (block.startsWith("event: status") && data) events.push(JSON.parse(data.slice(6)));
      end = buffered.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}

describe("the message log API", () => {
  it("lists sent messages, shows one, streams status changes and never holds the text", async () => {
    const stream = await fetch(new URL("/api/messages/events", demo.url), {
      headers: { authorization: `Bearer ${testToken}` },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = readEvents(stream, 1);
    const sent = await demo.request("POST", "/api/gateways/sandbox/send", {
      body: { to: "+49 170 5550123", message: "secret code 424242" },
    });
    expect(sent.status).toBe(200);
    expect(sent.json.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(await events).toEqual([expect.objectContaining({ id: sent.json.id, status: "submitted" })]);
    const one = await demo.request("GET", `/api/messages/${sent.json.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      id: sent.json.id,
      status: "submitted",
      gateway: "sandbox",
      to: "***********0123",
    });
    expect(one.json.history).toEqual([expect.objectContaining({ status: "submitted", source: "send" })]);
    expect(one.text).not.toContain("424242");
    const list = await demo.request("GET", "/api/messages?status=submitted&gateway=sandbox");
    expect(list.json.map((message: { id: string }) => message.id)).toContain(sent.json.id);
    expect((await demo.request("GET", "/api/messages?status=delivered")).json).toEqual([]);
  });

  it("answers 404 for an unknown id, 422 for a bad filter and 401 without the token", async () => {
    const missing = await demo.request("GET", "/api/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV");
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe("SMSKIT_E_MESSAGE_NOT_FOUND");
    expect((await demo.request("GET", "/api/messages?status=lost")).status).toBe(422);
    expect((await demo.request("GET", "/api/messages?since=yesterday")).status).toBe(422);
    for (const path of ["/api/messages", "/api/messages/x", "/api/messages/events"]) {
      expect((await demo.request("GET", path, { token: null })).status).toBe(401);
    }
  });
});
