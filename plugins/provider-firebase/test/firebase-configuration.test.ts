import { execFile } from "node:child_process";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ConfigurationError, type ProviderInstance, SmsError } from "@smskit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  deviceToken,
  type FirebaseHarness,
  providerContext,
  rejectionOf,
  startFirebaseHarness,
} from "./firebase-harness.js";

const execFileAsync = promisify(execFile);

let harness: FirebaseHarness;

beforeEach(async () => {
  harness = await startFirebaseHarness();
});

afterEach(async () => {
  await harness.close();
});

/** A marker standing for key material: it must never show up in a message. */
const keyMaterial = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";

/** Broken JSON config files, each with the code it must be reported with. */
const brokenFiles: ReadonlyArray<{
  case: string;
  code: string;
  mentions: RegExp;
  prepare: (path: string) => Promise<void>;
}> = [
  {
    case: "the file does not exist",
    code: "SMSKIT_E_FIREBASE_CONFIG_MISSING",
    mentions: /does not exist/,
    prepare: async () => {},
  },
  {
    case: "the path is a folder",
    code: "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE",
    mentions: /is a folder/,
    prepare: (path) => mkdir(path).then(() => undefined),
  },
  {
    case: "the file is not JSON",
    code: "SMSKIT_E_FIREBASE_CONFIG_NOT_JSON",
    mentions: /not valid JSON/,
    prepare: (path) =>
      writeFile(
        path,
        `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${keyMaterial}" oops`,
      ),
  },
  {
    case: "the file is an app's google-services.json",
    code: "SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT",
    mentions: /google-services\.json/,
    prepare: (path) =>
      writeFile(
        path,
        JSON.stringify({
          project_info: { project_number: "850240559902", project_id: "smskit-push" },
          client: [{ api_key: [{ current_key: "AIzaSyExample" }] }],
        }),
      ),
  },
  {
    case: "the file is a user credential",
    code: "SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT",
    mentions:
      /is JSON but not a service-account key: it lacks "type": "service_account" \(this looks like a user credential\)/,
    prepare: (path) =>
      writeFile(
        path,
        JSON.stringify({ type: "authorized_user", client_id: "x", client_secret: keyMaterial }),
      ),
  },
  {
    case: "the file's type is something else, which is not repeated",
    code: "SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT",
    mentions: /^(?![\s\S]*private-type-value)[\s\S]*lacks "type": "service_account"/,
    prepare: (path) => writeFile(path, JSON.stringify({ type: "private-type-value" })),
  },
  {
    case: "the path is /dev/zero",
    code: "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE",
    mentions: /is not a regular file/,
    prepare: (path) => symlink("/dev/zero", path),
  },
  {
    case: "the path is a FIFO nobody writes to",
    code: "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE",
    mentions: /is not a regular file \(a device, FIFO or socket\)/,
    prepare: async (path) => {
      await execFileAsync("mkfifo", [path]);
    },
  },
  {
    case: "the file is larger than 1 MiB",
    code: "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE",
    mentions: /is larger than 1 MiB/,
    prepare: (path) => writeFile(path, `{"type": "service_account", "x": "${"k".repeat(1024 * 1024)}"}`),
  },
  {
    case: "the service account lacks its key",
    code: "SMSKIT_E_FIREBASE_CONFIG_INCOMPLETE",
    mentions: /lacks client_email, private_key/,
    prepare: (path) =>
      writeFile(path, JSON.stringify({ type: "service_account", project_id: "smskit-push" })),
  },
  {
    case: "the private key does not parse",
    code: "SMSKIT_E_FIREBASE_CONFIG_INCOMPLETE",
    mentions: /not a PEM RSA private key/,
    prepare: (path) =>
      writeFile(
        path,
        JSON.stringify({
          type: "service_account",
          project_id: "smskit-push",
          client_email: "a@smskit-push.iam.gserviceaccount.com",
          private_key: `-----BEGIN PRIVATE KEY-----\n${keyMaterial}\n-----END PRIVATE KEY-----\n`,
        }),
      ),
  },
];

describe("the JSON config file is checked when the gateway is saved", () => {
  it.each(brokenFiles)("$case: refused with $code", async ({ code, mentions, prepare }) => {
    const path = join(harness.directory, "service-account.json");
    await prepare(path);
    const error = await rejectionOf(harness.smskit({ "JSON config file": path }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe("SMSKIT_E_GATEWAY_INVALID");
    const issues = (error as unknown as ConfigurationError).issues;
    expect(issues).toEqual([expect.objectContaining({ key: "JSON config file", code })]);
    expect(error.message).toMatch(mentions);
    expect(error.message).toContain("gateway 'push'");
    expect(error.message).not.toContain(keyMaterial);
  });

  it("refuses a projectid that differs from the file's project", async () => {
    const { path } = await harness.writeServiceAccount({ projectId: "smskit-push" });
    const error = await rejectionOf(harness.smskit({ "JSON config file": path, projectid: "other-project" }));

    expect((error as unknown as ConfigurationError).issues).toEqual([
      expect.objectContaining({ key: "projectid", code: "SMSKIT_E_FIREBASE_PROJECT_MISMATCH" }),
    ]);
    expect(error.message).toMatch(
      /"other-project" but the JSON config file is a key of project "smskit-push"/,
    );
  });

  it.each([
    "ftp://proxy.example.com:21",
    "http://proxy.example.com:3128/path",
    "http://",
  ])("refuses the proxy URL %s", async (httpsproxy) => {
    const { path } = await harness.writeServiceAccount();
    const error = await rejectionOf(harness.smskit({ "JSON config file": path, httpsproxy }));

    expect((error as unknown as ConfigurationError).issues).toEqual([
      expect.objectContaining({ key: "httpsproxy", code: "SMSKIT_E_FIREBASE_PROXY_INVALID" }),
    ]);
  });

  it("accepts every enrolment parameter and privacyIDEA's string values", async () => {
    const { path } = await harness.writeServiceAccount({ projectId: "smskit-push" });
    const smskit = await harness.smskit({
      "JSON config file": path,
      httpsproxy: "",
      apikey: "AIzaSyAndroidExample",
      appid: "1:850240559902:android:0123456789abcdef",
      apiios: "AIzaSyIosExample",
      appidios: "1:850240559902:ios:0123456789abcdef",
      projectid: "smskit-push",
      projectnumber: "850240559902",
      "registration URL": "https://privacyidea.example.com/ttype/push",
      "time to live": "600",
    });
    expect((await smskit.getGateway("push"))?.parameters).toMatchObject({ "time to live": "600" });
  });
});

describe("check() reports each problem of the JSON config file with its own code", () => {
  it.each(brokenFiles)("$case: $code", async ({ code, mentions, prepare }) => {
    const path = join(harness.directory, "service-account.json");
    await prepare(path);
    const instance = await createInstance({ "JSON config file": path });

    const error = await rejectionOf(check(instance));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(mentions);
    expect(error.message).not.toContain(keyMaterial);
    expect((error as unknown as ConfigurationError).issues).toEqual([
      expect.objectContaining({ key: "JSON config file", code }),
    ]);
    expect(harness.fake.tokenRequests).toHaveLength(0);
  });

  it("reports a projectid that differs from the file's project", async () => {
    const { path } = await harness.writeServiceAccount({ projectId: "smskit-push" });
    const instance = await createInstance({ "JSON config file": path, projectid: "other-project" });

    const error = await rejectionOf(check(instance));

    expect(error.code).toBe("SMSKIT_E_FIREBASE_PROJECT_MISMATCH");
  });

  it("notices a file broken after the gateway was saved, in checkGateway and in send", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    await smskit.send("push", deviceToken, "while the file is fine");
    await rm(path);

    const checked = await rejectionOf(smskit.checkGateway("push"));
    expect(checked.code).toBe("SMSKIT_E_FIREBASE_CONFIG_MISSING");

    const sent = await rejectionOf(smskit.send("push", deviceToken, "after the file is gone"));
    expect(sent).toBeInstanceOf(SmsError);
    expect(sent).toMatchObject({
      code: "SMSKIT_E_FIREBASE_CONFIG_MISSING",
      gateway: "push",
      provider: "firebase",
      retrySafe: true,
      deliveryUnknown: false,
    });
    expect(harness.fake.sendRequests).toHaveLength(1);
  });
});

/** An instance of the harness's manifest, created directly (no save-time validation). */
async function createInstance(parameters: Record<string, unknown>): Promise<ProviderInstance> {
  const instance = await harness.manifest.create(
    { gateway: "push", revision: 1, parameters, options: {}, headers: {} },
    providerContext(),
  );
  instances.push(instance);
  return instance;
}

const instances: ProviderInstance[] = [];

afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.close?.();
});

function check(instance: ProviderInstance): Promise<void> {
  if (!instance.check) throw new Error("the Firebase instance must have check()");
  return instance.check({ signal: AbortSignal.timeout(5000) });
}
