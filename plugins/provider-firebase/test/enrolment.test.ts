import { afterEach, beforeEach, expect, it } from "vitest";
import { pushEnrolmentSettings, pushEnrolmentUrl } from "../src/index.js";
import { type FirebaseHarness, startFirebaseHarness } from "./firebase-harness.js";

let harness: FirebaseHarness;

beforeEach(async () => {
  harness = await startFirebaseHarness();
});

afterEach(async () => {
  await harness.close();
});

it("gives applications the enrolment parameters, uncensored, to build the enrolment QR code", async () => {
  const { path } = await harness.writeServiceAccount({ projectId: "smskit-push" });
  const smskit = await harness.smskit({
    "JSON config file": path,
    apikey: "AIzaSyAndroidExample",
    appid: "1:850240559902:android:0123456789abcdef",
    apikeyios: "AIzaSyIosExample",
    appidios: "1:850240559902:ios:0123456789abcdef",
    projectid: "smskit-push",
    projectnumber: "850240559902",
    "registration URL": "https://privacyidea.example.com/ttype/push",
    "time to live": "600",
  });

  const definition = await smskit.getGateway("push");
  const settings = pushEnrolmentSettings(definition?.parameters ?? {});

  expect(definition?.parameters).toHaveProperty("apiios", "AIzaSyIosExample");
  expect(settings).toEqual({
    registrationUrl: "https://privacyidea.example.com/ttype/push",
    timeToLiveSeconds: 600,
    projectId: "smskit-push",
    projectNumber: "850240559902",
    appId: "1:850240559902:android:0123456789abcdef",
    apiKey: "AIzaSyAndroidExample",
    appIdIos: "1:850240559902:ios:0123456789abcdef",
    apiKeyIos: "AIzaSyIosExample",
  });

  const url = new URL(
    pushEnrolmentUrl(settings, {
      serial: "PIPU0001",
      enrollmentCredential: "9311ee50",
      label: "alice@example.com",
      issuer: "privacyIDEA",
    }),
  );
  expect(url.protocol).toBe("otpauth:");
  expect(url.host).toBe("pipush");
  expect(decodeURIComponent(url.pathname)).toBe("/alice@example.com");
  expect(Object.fromEntries(url.searchParams)).toEqual({
    issuer: "privacyIDEA",
    serial: "PIPU0001",
    url: "https://privacyidea.example.com/ttype/push",
    ttl: "10",
    enrollment_credential: "9311ee50",
    sslverify: "1",
    projectid: "smskit-push",
    projectnumber: "850240559902",
    appid: "1:850240559902:android:0123456789abcdef",
    apikey: "AIzaSyAndroidExample",
    appidios: "1:850240559902:ios:0123456789abcdef",
    apikeyios: "AIzaSyIosExample",
    v: "1",
  });
});

it("leaves out what the gateway does not set", () => {
  const settings = pushEnrolmentSettings({
    "JSON config file": "/x.json",
    "registration URL": " ",
    projectid: "p",
  });

  expect(settings).toMatchObject({
    registrationUrl: undefined,
    projectId: "p",
    timeToLiveSeconds: undefined,
  });
  const url = new URL(
    pushEnrolmentUrl(settings, {
      serial: "S",
      enrollmentCredential: "c",
      label: "S",
      issuer: "i",
      sslVerify: false,
    }),
  );
  expect([...url.searchParams.keys()].sort()).toEqual(
    ["enrollment_credential", "issuer", "projectid", "serial", "sslverify", "v"].sort(),
  );
  expect(url.searchParams.get("sslverify")).toBe("0");
});

it("describes every parameter under privacyIDEA's exact name", () => {
  const properties = harness.manifest.parameters.properties as Record<string, { description?: string }>;

  expect(Object.keys(properties)).toEqual([
    "JSON config file",
    "httpsproxy",
    "apikey",
    "appid",
    "apiios",
    "appidios",
    "projectid",
    "projectnumber",
    "registration URL",
    "time to live",
  ]);
  expect(harness.manifest.parameters.required).toEqual(["JSON config file"]);
  expect(harness.manifest.legacyNames).toEqual([
    "privacyidea.lib.smsprovider.FirebaseProvider.FirebaseProvider",
  ]);
  expect(harness.manifest.kind).toBe("push");
  expect(properties["time to live"]?.description).toMatch(/^Seconds the server accepts that second/);
});
