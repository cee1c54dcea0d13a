import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { defineHttpGateway, runReal } from "./support/http-gateways.js";
import { runWithStore } from "./support/run.js";

/** The JSON lines `bulk --json` printed, the summary last. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("smskit bulk", () => {
  let app: FixtureApp;
  let server: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    server = await startHttpServer({ responder: (request) => ({ body: `OK ${String(request.form?.to)}` }) });
    await defineHttpGateway(app, "notify", `${server.url}/send`);
  });
  afterEach(async () => {
    await server.close();
    await app.remove();
  });

  const received = () => server.requests.map((request) => [request.form?.to, request.form?.text]);

  it("sends a CSV file: quoted commas, doubled quotes, line breaks, UTF-8, CRLF; a malformed row stops nothing", async () => {
    const csv =
      '\ufeffto,message,note\r\n+4911,"Hello, ""friend""",a\r\n+4912,Grüße aus Köln 😀,b\r\nonly-one-field\r\n' +
      '+4913,"two\nlines",c\r\n,no recipient,d\r\n+4914,plain,e\r\n';
    await writeFile(join(app.directory, "rows.csv"), csv);
    const result = await runReal(app, ["bulk", "notify", "rows.csv", "--json", "--concurrency", "2"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(received().sort()).toEqual(
      [
        ["+4911", 'Hello, "friend"'],
        ["+4912", "Grüße aus Köln 😀"],
        ["+4913", "two\nlines"],
        ["+4914", "plain"],
      ].sort(),
    );
    const lines = jsonLines(result.stdout);
    expect(lines.filter((line) => line.outcome === "malformed")).toEqual([
      { row: 3, line: 4, outcome: "malformed", reason: "line 4 has 1 field, the header 3" },
      { row: 5, line: 7, outcome: "malformed", reason: "line 7 has an empty 'to'" },
    ]);
    expect(
      lines
        .filter((line) => line.outcome === "sent")
        .map((line) => [line.row, line.line, line.to])
        .sort(),
    ).toEqual([
      [1, 2, "+4911"],
      [2, 3, "+4912"],
      [4, 5, "+4913"],
      [6, 8, "+4914"],
    ]);
    expect(lines.at(-1)).toMatchObject({
      summary: { sent: 4, failed: 0, unknown: 0, malformed: 2, alreadySent: 0 },
    });
    expect(result.stdout).not.toContain("Grüße");
  });

  it("continues from the journal: a second run sends nothing that was sent", async () => {
    await writeFile(join(app.directory, "rows.csv"), "to,message\n+4921,one\n+4922,two\n");
    const first = await runReal(app, ["bulk", "notify", "rows.csv"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Bulk: 2 sent, 0 failed, 0 unknown, 0 malformed, 0 already sent earlier/);
    expect(existsSync(join(app.directory, "rows.csv.journal"))).toBe(true);
    await writeFile(join(app.directory, "rows.csv"), "to,message\n+4921,one\n+4922,two\n+4923,three\n");
    const second = await runReal(app, ["bulk", "notify", "rows.csv"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("1 sent, 0 failed, 0 unknown, 0 malformed, 2 already sent earlier");
    expect(
      received()
        .map(([to]) => to)
        .sort(),
    ).toEqual(["+4921", "+4922", "+4923"]);
  });

  it("reads JSON lines, with --message for rows without one; blank lines are skipped, bad JSON reported", async () => {
    const jsonl =
      '{"to":"+4931","message":"own text"}\n\n{"to":"+4932"}\nnot json\n{"to":42}\n{"to":"+4933"}\n';
    await writeFile(join(app.directory, "rows.jsonl"), jsonl);
    const result = await runReal(app, ["bulk", "notify", "rows.jsonl", "--message", "Für alle", "--json"]);
    expect(result.code).toBe(1);
    expect(received().sort()).toEqual(
      [
        ["+4931", "own text"],
        ["+4932", "Für alle"],
        ["+4933", "Für alle"],
      ].sort(),
    );
    expect(jsonLines(result.stdout).filter((line) => line.outcome === "malformed")).toEqual([
      { row: 3, line: 4, outcome: "malformed", reason: "line 4 is not valid JSON" },
      { row: 4, line: 5, outcome: "malformed", reason: "line 5 has no string field 'to'" },
    ]);
  });

  it("reads standard input with '-' only with --journal", async () => {
    const refused = await runReal(app, ["bulk", "notify", "-"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("needs --journal PATH");
    const result = await runWithStore(
      app,
      ["bulk", "notify", "-", "--journal", "in.journal", "--message", "hi"],
      {
        realProviders: true,
        stdin: "to\n+4941\n+4942\n",
      },
    );
    expect(result.code).toBe(0);
    expect(
      received()
        .map(([to]) => to)
        .sort(),
    ).toEqual(["+4941", "+4942"]);
    expect(await readFile(join(app.directory, "in.journal"), "utf8")).toMatch(
      /^smskit-bulk-journal 1 \{"target":"notify"\}\n/,
    );
  });

  it("refuses an unknown target, a missing file, a CSV without 'to' and a bad --concurrency, sending nothing", async () => {
    await writeFile(join(app.directory, "rows.csv"), "phone,message\n+4951,x\n");
    await writeFile(join(app.directory, "ok.csv"), "to,message\n+4951,x\n");
    const cases: [string[], string][] = [
      [["bulk", "nope", "ok.csv"], "'nope' is neither a gateway nor a route"],
      [["bulk", "notify", "missing.csv"], "cannot read missing.csv: no such file"],
      [["bulk", "notify", "rows.csv"], "has no column 'to'"],
      [
        ["bulk", "notify", "ok.csv", "--concurrency", "0"],
        "--concurrency expects a whole number from 1 to 1000",
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await runReal(app, argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(server.requests).toHaveLength(0);
    expect(existsSync(join(app.directory, "ok.csv.journal"))).toBe(false);
  });

  it("does not resend a row whose outcome was unknown, unless --resend-unknown", async () => {
    await defineHttpGateway(app, "slow", `${server.url}/send`, ["--param", "TIMEOUT=0.3"]);
    let hang = true;
    server.respond((request) => (request.form?.to === "+4962" && hang ? { hang: true } : { body: "OK" }));
    await writeFile(join(app.directory, "rows.csv"), "to,message\n+4961,a\n+4962,b\n+4963,c\n");
    const first = await runReal(app, ["bulk", "slow", "rows.csv", "--json"]);
    expect(first.code).toBe(1);
    expect(jsonLines(first.stdout).find((line) => line.to === "+4962")).toMatchObject({
      outcome: "unknown",
      code: "SMSKIT_E_HTTP_TIMEOUT",
    });
    hang = false;
    const second = await runReal(app, ["bulk", "slow", "rows.csv", "--json"]);
    expect(second.code).toBe(1);
    const lines = jsonLines(second.stdout);
    expect(lines[0]).toMatchObject({ row: 2, to: "+4962", outcome: "unknown-held" });
    expect(lines.at(-1)).toMatchObject({ summary: { sent: 0, alreadySent: 2, unknownNotResent: 1 } });
    expect(received().filter(([to]) => to === "+4962")).toHaveLength(1);
    const third = await runReal(app, ["bulk", "slow", "rows.csv", "--resend-unknown"]);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain("1 sent");
    expect(received().filter(([to]) => to === "+4962")).toHaveLength(2);
  });
});
