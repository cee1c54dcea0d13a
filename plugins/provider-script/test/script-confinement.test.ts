import { chmod, mkdir, rm, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ConfigurationError, createSmskit, SmsError, type Smskit } from "@smskit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import scriptProvider from "../src/index.js";
import { makeScriptDirectory, recorderScript, type ScriptDirectory } from "./script-directory.js";

let directory: ScriptDirectory;
let outside: ScriptDirectory;
let smskit: Smskit;

beforeEach(async () => {
  directory = await makeScriptDirectory();
  outside = await makeScriptDirectory("smskit-outside-");
  smskit = await createSmskit({ providers: [scriptProvider], scriptDirectory: directory.path });
});

afterEach(async () => {
  await smskit.close();
  await directory.remove();
  await outside.remove();
});

async function saveRefusal(script: string): Promise<ConfigurationError> {
  const error = await smskit
    .saveGateway({ name: "gw", provider: "script", parameters: { script, background: "wait" } })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(ConfigurationError);
  const refusal = error as ConfigurationError;
  expect(refusal.code).toBe("SMSKIT_E_GATEWAY_INVALID");
  expect(refusal.issues.map((issue) => issue.key)).toEqual(["script"]);
  expect(await smskit.getGateway("gw")).toBeUndefined();
  return refusal;
}

async function sendRefusal(): Promise<SmsError> {
  const error = await smskit.send("gw", "123", "hello").then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmsError);
  const refusal = error as SmsError;
  expect(refusal.code).toBe("SMSKIT_E_SCRIPT_INVALID");
  expect(refusal.retrySafe).toBe(true);
  expect(refusal.gateway).toBe("gw");
  return refusal;
}

describe("script provider: the script may not leave the script directory", () => {
  beforeEach(async () => {
    await outside.write("evil.sh", recorderScript(outside.path));
    await directory.write("good.sh", recorderScript(directory.path));
  });

  it("refuses a name climbing out with ..", async () => {
    const error = await saveRefusal(`../${outside.path.split("/").pop()}/evil.sh`);
    expect(error.message).toContain("is not a plain file name");
    expect(error.message).toContain("gateway 'gw'");
  });

  it("refuses a bare ..", async () => {
    const error = await saveRefusal("..");
    expect(error.message).toContain("is not a plain file name");
  });

  it("refuses a name with a slash, even one pointing inside", async () => {
    await mkdir(join(directory.path, "a"));
    await directory.write("a/b", recorderScript(directory.path));
    const error = await saveRefusal("a/b");
    expect(error.message).toContain("no '/', '..' or NUL");
  });

  it("refuses an absolute path", async () => {
    await saveRefusal(outside.file("evil.sh"));
  });

  it("refuses a name with a NUL", async () => {
    const error = await saveRefusal("good.sh\u0000.txt");
    expect(error.message).toContain("\\u0000");
  });

  it("refuses a symlink leading outside the directory", async () => {
    await symlink(outside.file("evil.sh"), directory.file("link.sh"));
    const error = await saveRefusal("link.sh");
    expect(error.message).toContain("outside the script directory");
  });

  it("refuses a missing script, naming the directory", async () => {
    const error = await saveRefusal("missing.sh");
    expect(error.message).toContain(`"missing.sh" does not exist in the script directory ${directory.path}`);
  });

  it("refuses a script that is not executable", async () => {
    await directory.write("plain.sh", recorderScript(directory.path), 0o644);
    const error = await saveRefusal("plain.sh");
    expect(error.message).toContain("not executable");
    expect(error.message).toContain("chmod 0755");
  });

  it("refuses a directory", async () => {
    await mkdir(directory.file("folder.sh"));
    await chmod(directory.file("folder.sh"), 0o755);
    const error = await saveRefusal("folder.sh");
    expect(error.message).toContain("not a regular file");
  });

  it("refuses any script when the directory does not exist", async () => {
    await smskit.close();
    smskit = await createSmskit({
      providers: [scriptProvider],
      scriptDirectory: join(directory.path, "nope"),
    });
    const error = await saveRefusal("good.sh");
    expect(error.message).toContain("SMSKIT_SCRIPT_DIR");
  });

  it("accepts a symlink that stays inside the directory", async () => {
    await symlink(directory.file("good.sh"), directory.file("alias.sh"));
    await smskit.saveGateway({
      name: "gw",
      provider: "script",
      parameters: { script: "alias.sh", background: "wait" },
    });
    await smskit.send("gw", "123", "through the alias");
    expect((await directory.read("received.stdin")).toString()).toBe("through the alias");
  });
});

describe("script provider: a script removed before the first send", () => {
  it("is refused when the gateway's instance is built, as an unusable stored definition", async () => {
    await directory.write("good.sh", recorderScript(directory.path));
    await smskit.saveGateway({
      name: "gw",
      provider: "script",
      parameters: { script: "good.sh", background: "wait" },
    });
    await unlink(directory.file("good.sh"));
    const error = await smskit.send("gw", "123", "hello").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).issues.map((issue) => issue.key)).toEqual(["script"]);
    expect((error as ConfigurationError).message).toContain(`"good.sh" does not exist`);
  });
});

describe("script provider: a script that changed after saving is refused at send", () => {
  beforeEach(async () => {
    await directory.write("good.sh", recorderScript(directory.path));
    await outside.write("evil.sh", recorderScript(outside.path));
    await smskit.saveGateway({
      name: "gw",
      provider: "script",
      parameters: { script: "good.sh", background: "wait" },
    });
    await smskit.send("gw", "123", "first");
  });

  it("refuses a removed script", async () => {
    await unlink(directory.file("good.sh"));
    const error = await sendRefusal();
    expect(error.message).toContain(`"good.sh" does not exist`);
    expect(error.message).toContain("nothing was run");
  });

  it("refuses a script that lost its execute permission", async () => {
    await chmod(directory.file("good.sh"), 0o644);
    const error = await sendRefusal();
    expect(error.message).toContain("not executable");
  });

  it("refuses a script replaced by a symlink leading outside", async () => {
    await unlink(directory.file("good.sh"));
    await symlink(outside.file("evil.sh"), directory.file("good.sh"));
    const error = await sendRefusal();
    expect(error.message).toContain("outside the script directory");
    await expect(outside.read("received.stdin")).rejects.toThrow();
  });

  it("refuses every script when the directory is gone", async () => {
    await rm(directory.path, { recursive: true, force: true });
    const error = await sendRefusal();
    expect(error.message).toContain("does not exist or cannot be read");
  });

  it("refuses in the background mode as well", async () => {
    await smskit.saveGateway({
      name: "gw",
      provider: "script",
      parameters: { script: "good.sh", background: "background" },
    });
    await smskit.send("gw", "123", "second");
    await unlink(directory.file("good.sh"));
    await sendRefusal();
  });
});
