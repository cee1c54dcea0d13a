import { existsSync, readFileSync } from "node:fs";
import { ConfigurationError, createSmskit, SmsError, type Smskit } from "@smskit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import scriptProvider from "../src/index.js";
import {
  capturingLogger,
  eventually,
  makeScriptDirectory,
  processGone,
  recorderScript,
  type ScriptDirectory,
  shellQuote,
} from "./script-directory.js";

let directory: ScriptDirectory;
let smskit: Smskit;
const logger = capturingLogger();

beforeEach(async () => {
  directory = await makeScriptDirectory();
  logger.entries.length = 0;
  smskit = await createSmskit({ providers: [scriptProvider], scriptDirectory: directory.path, logger });
});

afterEach(async () => {
  await smskit.close();
  await directory.remove();
});

async function saveScriptGateway(parameters: Record<string, unknown>, name = "script-gw"): Promise<void> {
  await smskit.saveGateway({ name, provider: "script", parameters });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("script provider: what the script receives", () => {
  it("gets exactly the number as its only argument and the byte-exact message on standard input", async () => {
    await directory.write("record.sh", recorderScript(directory.path));
    await saveScriptGateway({ script: "record.sh", background: "wait" });
    const marker = directory.file("pwned");
    const number = `+49 170 "1'$(touch ${marker})\`touch ${marker}\`; 2"`;
    const text = `Code 123456 "double" 'single' $(touch ${marker}) \`touch ${marker}\` $HOME ; | & > x < y\nsecond line\r\n\ttab -- --help 😀 é ü ß ]]> <b>&amp;</b>\\n`;

    const result = await smskit.send("script-gw", number, text);

    expect(result).toMatchObject({ gateway: "script-gw", provider: "script", to: number });
    expect((await directory.read("received.argc")).toString()).toBe("1");
    expect((await directory.read("received.arg")).toString("utf8")).toBe(number);
    expect((await directory.read("received.stdin")).equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it("passes the number after the REGEXP rewrite", async () => {
    await directory.write("record.sh", recorderScript(directory.path));
    await saveScriptGateway({ script: "record.sh", background: "wait", REGEXP: "/^0/49/" });
    await smskit.send("script-gw", "01701234567", "hello");
    expect((await directory.read("received.arg")).toString()).toBe("491701234567");
  });

  it("accepts privacyIDEA's module path as the provider name", async () => {
    await directory.write("record.sh", recorderScript(directory.path));
    await smskit.saveGateway({
      name: "legacy",
      provider: "privacyidea.lib.smsprovider.ScriptSMSProvider.ScriptSMSProvider",
      parameters: { script: "record.sh", background: "wait" },
    });
    await smskit.send("legacy", "123", "legacy hello");
    expect((await directory.read("received.stdin")).toString()).toBe("legacy hello");
  });

  it("hands the script the application's environment without smskit's secret variables", async () => {
    await directory.write("env.sh", `#!/bin/sh\nenv > ${shellQuote(directory.file("env.txt"))}\n`);
    await saveScriptGateway({ script: "env.sh", background: "wait" });
    process.env.SMSKIT_TEST_SECRET_TOKEN = "do-not-pass";
    process.env.SMSKIT_TEST_VISIBLE = "pass-me";
    try {
      await smskit.send("script-gw", "123", "hello");
    } finally {
      delete process.env.SMSKIT_TEST_SECRET_TOKEN;
      delete process.env.SMSKIT_TEST_VISIBLE;
    }
    const environment = (await directory.read("env.txt")).toString();
    expect(environment).toContain("SMSKIT_TEST_VISIBLE=pass-me");
    expect(environment).not.toContain("do-not-pass");
  });

  it("runs a node script the same way", async () => {
    await directory.write(
      "record.mjs",
      `#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
writeFileSync(${JSON.stringify(directory.file("node.json"))}, JSON.stringify({ argv: process.argv.slice(2), stdin: readFileSync(0, "utf8") }));
`,
    );
    await saveScriptGateway({ script: "record.mjs", background: "wait" });
    await smskit.send("script-gw", "+4917012345", 'a "b" \n😀');
    expect(JSON.parse(readFileSync(directory.file("node.json"), "utf8"))).toEqual({
      argv: ["+4917012345"],
      stdin: 'a "b" \n😀',
    });
  });
});

describe("script provider: wait mode failures", () => {
  it("fails with the exit code and the last lines of standard error", async () => {
    const lines = Array.from({ length: 15 }, (_, index) => `echo "problem line ${index + 1}" >&2`).join("\n");
    await directory.write("fail.sh", `#!/bin/sh\ncat > /dev/null\n${lines}\nexit 3\n`);
    await saveScriptGateway({ script: "fail.sh", background: "wait" });

    const error = await rejection(smskit.send("script-gw", "123", "hello"));

    expect(error).toBeInstanceOf(SmsError);
    const failure = error as SmsError;
    expect(failure.code).toBe("SMSKIT_E_SCRIPT_FAILED");
    expect(failure.gateway).toBe("script-gw");
    expect(failure.retrySafe).toBe(false);
    expect(failure.details).toMatchObject({ exitCode: 3 });
    expect(failure.message).toContain(`gateway 'script-gw': script "fail.sh" exited with code 3`);
    expect(failure.message).toContain("problem line 15");
    expect(failure.message).toContain("problem line 6");
    expect(failure.message).not.toContain("problem line 5\n");
  });

  it("keeps at most about 1000 characters of a flood of standard error", async () => {
    await directory.write(
      "flood.mjs",
      `#!/usr/bin/env node\nprocess.stderr.write("x".repeat(200000) + "\\nTHE END\\n");\nprocess.exitCode = 1;\n`,
    );
    await saveScriptGateway({ script: "flood.mjs", background: "wait" });
    const error = (await rejection(smskit.send("script-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SCRIPT_FAILED");
    expect(error.message).toContain("THE END");
    expect(error.message.length).toBeLessThan(1300);
  });

  it("says so when the script wrote nothing to standard error", async () => {
    await directory.write("quiet.sh", "#!/bin/sh\nexit 7\n");
    await saveScriptGateway({ script: "quiet.sh", background: "wait" });
    const error = (await rejection(smskit.send("script-gw", "123", "hello"))) as SmsError;
    expect(error.message).toContain("exited with code 7; it wrote nothing to standard error");
  });

  it("fails without running anything when the interpreter is missing", async () => {
    await directory.write("broken.sh", "#!/nonexistent/interpreter\n");
    await saveScriptGateway({ script: "broken.sh", background: "wait" });
    const error = (await rejection(smskit.send("script-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SCRIPT_START");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toContain("#!");
  });

  it("kills a hanging script and the process it started after TIMEOUT", async () => {
    const pidFile = directory.file("child.pid");
    await directory.write("hang.sh", `#!/bin/sh\nsleep 30 &\necho $! > ${shellQuote(pidFile)}\nwait\n`);
    await saveScriptGateway({ script: "hang.sh", background: "wait", TIMEOUT: "1" });

    const started = Date.now();
    const error = (await rejection(smskit.send("script-gw", "123", "hello"))) as SmsError;

    expect(Date.now() - started).toBeLessThan(1000 + 1500);
    expect(error.code).toBe("SMSKIT_E_SCRIPT_TIMEOUT");
    expect(error.deliveryUnknown).toBe(true);
    expect(error.retrySafe).toBe(false);
    expect(error.message).toContain("within 1 s");
    const childPid = Number(readFileSync(pidFile, "utf8").trim());
    expect(childPid).toBeGreaterThan(0);
    await eventually(() => processGone(childPid), 2000);
  });

  it("kills the script and its child when the caller aborts", async () => {
    const pidFile = directory.file("child.pid");
    await directory.write(
      "hang.sh",
      `#!/bin/sh\nsleep 30 &\necho $! > ${shellQuote(pidFile)}.partial\nmv ${shellQuote(pidFile)}.partial ${shellQuote(pidFile)}\nwait\n`,
    );
    await saveScriptGateway({ script: "hang.sh", background: "wait" });
    const controller = new AbortController();
    const sending = rejection(smskit.send("script-gw", "123", "hello", { signal: controller.signal }));
    await eventually(() => existsSync(pidFile));
    controller.abort();

    const error = (await sending) as SmsError;

    expect(error.code).toBe("SMSKIT_E_SEND_ABORTED");
    const childPid = Number(readFileSync(pidFile, "utf8").trim());
    await eventually(() => processGone(childPid), 2000);
  });

  it("refuses a TIMEOUT that is not a positive number at save time", async () => {
    await directory.write("record.sh", recorderScript(directory.path));
    const error = await rejection(
      saveScriptGateway({ script: "record.sh", background: "wait", TIMEOUT: "0" }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).issues.map((issue) => issue.key)).toEqual(["TIMEOUT"]);
  });
});

describe("script provider: background mode", () => {
  it("returns before a slow script finishes, which still gets the whole message", async () => {
    const finished = directory.file("finished");
    await directory.write(
      "slow.sh",
      `#!/bin/sh\ncat > ${shellQuote(directory.file("stdin"))}\nsleep 1\necho done > ${shellQuote(finished)}\n`,
    );
    await saveScriptGateway({ script: "slow.sh", background: "background" });
    const text = 'background 😀 "quoted" $(x)\nline two';

    const result = await smskit.send("script-gw", "123", text);

    expect(result.details).toEqual({ background: true });
    expect(existsSync(finished)).toBe(false);
    await eventually(() => existsSync(finished), 5000);
    expect((await directory.read("stdin")).toString("utf8")).toBe(text);
  });

  it("logs a failing background script with the gateway name, exit code and standard error", async () => {
    await directory.write("fail.sh", `#!/bin/sh\ncat > /dev/null\necho "no credit left" >&2\nexit 4\n`);
    await saveScriptGateway({ script: "fail.sh", background: "background" }, "bg-gw");

    await smskit.send("bg-gw", "123", "hello");

    const entry = await eventually(() => logger.entries.find((line) => line.level === "error"));
    expect(entry.message).toContain("gateway 'bg-gw'");
    expect(entry.message).toContain(`background script "fail.sh" exited with code 4`);
    expect(entry.message).toContain("no credit left");
    expect(entry.fields).toMatchObject({ gateway: "bg-gw", exitCode: 4 });
  });
});
