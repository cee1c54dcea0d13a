import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

const authorization = { authorization: `Bearer ${testToken}` };

async function upload(target: string, csv: string, query = ""): Promise<Response> {
  return fetch(new URL(`/api/bulk/${target}${query}`, demo.url), {
    method: "POST",
    headers: { ...authorization, "content-type": "text/csv" },
    body: csv,
  });
}

/** Read a job's server-sent events to the end; returns the events in order. */
async function events(id: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const response = await fetch(new URL(`/api/bulk/jobs/${id}/events`, demo.url), { headers: authorization });
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await response.text();
  return text
    .trim()
    .split("\n\n")
    .map((block) => {
      const [eventLine = "", dataLine = ""] = block.split("\n");
      return { event: eventLine.replace("event: ", ""), data: JSON.parse(dataLine.replace("data: ", "")) };
    });
}

describe("bulk sends from the demo", () => {
  it("sends an uploaded CSV, streams the progress as server-sent events and offers the results as CSV", async () => {
    await demo.request("DELETE", "/api/sandbox/messages");
    const csv = 'to,message\n+4915100001,"Hallo, Welt"\n+4915100002,Grüße 😀\nbroken\n+4915100003,three\n';
    const started = await upload("sandbox", csv);
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; total: number };
    expect(job.total).toBe(4);
    const stream = await events(job.id);
    expect(stream.at(-1)).toMatchObject({
      event: "done",
      data: { id: job.id, finished: true, sent: 3, failed: 0, unknown: 0, malformed: 1 },
    });
    expect(stream.slice(0, -1).every((entry) => entry.event === "progress")).toBe(true);
    const inbox = (await demo.request("GET", "/api/sandbox/messages")).json as { to: string; text: string }[];
    expect(inbox.map((message) => message.text).sort()).toEqual(["Grüße 😀", "Hallo, Welt", "three"]);

    const results = await fetch(new URL(`/api/bulk/jobs/${job.id}/results`, demo.url), {
      headers: authorization,
    });
    expect(results.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await results.text()).trim().split("\n");
    expect(lines[0]).toBe("row,line,to,outcome,id,code");
    expect(lines.slice(1).map((line) => line.split(",").slice(0, 4).join(","))).toEqual([
      "1,2,+4915100001,sent",
      "2,3,+4915100002,sent",
      "3,4,,malformed",
      "4,5,+4915100003,sent",
    ]);
    expect(lines.join("\n")).not.toContain("Hallo");
  });

  it("uses ?message= for a file with only 'to'", async () => {
    await demo.request("DELETE", "/api/sandbox/messages");
    const started = await upload("sandbox", "to\n+4915100011\n+4915100012\n", "?message=Wartung%20heute");
    const job = (await started.json()) as { id: string };
    expect((await events(job.id)).at(-1)?.data).toMatchObject({ sent: 2 });
    const inbox = (await demo.request("GET", "/api/sandbox/messages")).json as { text: string }[];
    expect(inbox.map((message) => message.text)).toEqual(["Wartung heute", "Wartung heute"]);
  });

  it("refuses an unknown target and an unknown job, and needs the token", async () => {
    expect((await upload("nope", "to,message\n+1,x\n")).status).toBe(404);
    const missing = await fetch(new URL("/api/bulk/jobs/nope/results", demo.url), { headers: authorization });
    expect(missing.status).toBe(404);
    const anonymous = await fetch(new URL("/api/bulk/sandbox", demo.url), {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "to,message\n+1,x\n",
    });
    expect(anonymous.status).toBe(401);
  });

  it("reports a file without a 'to' column as the job's error", async () => {
    const started = await upload("sandbox", "phone,message\n+1,x\n");
    const job = (await started.json()) as { id: string };
    expect((await events(job.id)).at(-1)?.data).toMatchObject({
      finished: true,
      sent: 0,
      error: expect.stringContaining("no column 'to'"),
    });
  });
});
