import { describe, expect, it } from "vitest";
import {
  CENSORED,
  ConfigurationError,
  createSmskit,
  type GatewayStore,
  type LogFields,
  MemoryGatewayStore,
  type SendEvent,
  SmsError,
} from "../src/index.js";
import { newRecording, type Recording, recordingProvider } from "./fixtures/recording-provider.js";

const gateway = {
  name: "otp",
  provider: "recording",
  parameters: { URL: "https://sms.example.net/send", PASSWORD: "hunter2-secret", REGEXP: "/^0/49/" },
  options: { to: "{phone}", text: "Code: {otp}", list: '["{phone}", "{otp}"]' },
  headers: { "X-Recipient": "{phone}" },
};

async function setup(options: { store?: GatewayStore; now?: () => number } = {}) {
  const recording = newRecording();
  const lines: string[] = [];
  const capture = (message: string, fields?: LogFields) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const smskit = await createSmskit({
    providers: [recordingProvider(recording)],
    logger: { debug: capture, info: capture, warn: capture, error: capture },
    ...options,
  });
  await smskit.saveGateway(gateway);
  return { smskit, recording, lines };
}

async function failure(work: Promise<unknown>): Promise<SmsError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmsError);
  return error as SmsError;
}

describe("the send pipeline", () => {
  it("rewrites the recipient, renders options and headers structurally, and reports the result", async () => {
    const { smskit, recording } = await setup();
    const result = await smskit.send("otp", "01701234567", 'He said "hi" & <left>\n😀');
    expect(result).toMatchObject({
      gateway: "otp",
      provider: "recording",
      to: "491701234567",
      messageId: "m1",
    });
    const [message] = recording.sent;
    expect(message?.to).toBe("491701234567");
    expect(message?.options).toEqual({
      to: "491701234567",
      text: 'Code: He said "hi" & <left>\n😀',
      list: ["491701234567", 'He said "hi" & <left>\n😀'],
    });
    expect(message?.headers).toEqual({ "X-Recipient": "491701234567" });
    expect(message?.render("{phone}/{otp}")).toBe('491701234567/He said "hi" & <left>\n😀');
  });

  it("passes push titles and data through", async () => {
    const { smskit, recording } = await setup();
    await smskit.send("otp", "token", { text: "body", title: "Sign in?", data: { nonce: "1" } });
    expect(recording.sent[0]).toMatchObject({ text: "body", title: "Sign in?", data: { nonce: "1" } });
  });

  it("reuses one provider instance per revision and closes it when the definition changes or goes", async () => {
    const { smskit, recording } = await setup();
    await Promise.all([
      smskit.send("otp", "1", "a"),
      smskit.send("otp", "2", "b"),
      smskit.send("otp", "3", "c"),
    ]);
    expect(recording.created).toEqual([1]);
    await smskit.saveGateway({ ...gateway, description: "changed" });
    await smskit.send("otp", "4", "d");
    expect(recording.created).toEqual([1, 2]);
    await expect.poll(() => recording.closed).toEqual([1]);
    await smskit.deleteGateway("otp");
    await expect.poll(() => recording.closed).toEqual([1, 2]);
  });

  it("does not ask the store for the definition again while nothing changed", async () => {
    const store = new MemoryGatewayStore();
    let reads = 0;
    const getGateway = store.getGateway.bind(store);
    store.getGateway = (name) => {
      reads++;
      return getGateway(name);
    };
    let now = 0;
    const { smskit, recording } = await setup({ store, now: () => now });
    reads = 0;
    for (let index = 0; index < 20; index++) await smskit.send("otp", "1", "x");
    expect(reads).toBe(1);
    // Another process changes the definition: picked up once the cache interval has passed.
    await store.putGateway({
      ...gateway,
      description: "from elsewhere",
      parameters: { ...gateway.parameters, REGEXP: "" },
      secretOptions: [],
      secretHeaders: [],
    });
    now += 2000;
    await smskit.send("otp", "0123", "x");
    expect(recording.sent.at(-1)?.to).toBe("0123");
  });

  it("fails with SMSKIT_E_SEND_TIMEOUT, naming the gateway, when the provider does not finish in time", async () => {
    const { smskit, recording } = await setup();
    recording.behaviour = "hang";
    const started = Date.now();
    const error = await failure(smskit.send("otp", "1", "x", { timeoutMs: 150 }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({
      code: "SMSKIT_E_SEND_TIMEOUT",
      gateway: "otp",
      retrySafe: false,
      deliveryUnknown: true,
    });
    expect(error.message).toContain("not known whether the message was sent");
  });

  it("fails with SMSKIT_E_SEND_ABORTED when the caller aborts", async () => {
    const { smskit, recording } = await setup();
    recording.behaviour = "hang";
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(smskit.send("otp", "1", "x", { signal: controller.signal }));
    expect(error.code).toBe("SMSKIT_E_SEND_ABORTED");
  });

  it("completes a provider's error with the gateway and never shows a secret", async () => {
    const { smskit, recording, lines } = await setup();
    recording.behaviour = "leak-secret";
    const error = await failure(smskit.send("otp", "1", "x"));
    expect(error).toMatchObject({
      code: "SMSKIT_E_RECORDING_REFUSED",
      gateway: "otp",
      provider: "recording",
      retrySafe: true,
    });
    expect(error.message).toBe(`login with ${CENSORED} failed`);
    expect(String((error.cause as Error | undefined)?.message)).not.toContain("hunter2-secret");
    recording.behaviour = "throw-plain";
    const wrapped = await failure(smskit.send("otp", "1", "x"));
    expect(wrapped.code).toBe("SMSKIT_E_SEND_FAILED");
    expect(wrapped.message).toContain(
      "gateway 'otp': provider 'recording' failed: socket broke near __CENSORED__",
    );
    expect(lines.join("\n")).not.toContain("hunter2-secret");
    expect(JSON.stringify(wrapped)).not.toContain("hunter2-secret");
  });

  it("passes on provider errors whose cause is a platform error with a read-only message", async () => {
    const { smskit, recording } = await setup();
    recording.behaviour = "platform-cause";
    const error = await failure(smskit.send("otp", "1", "x"));
    expect(error.code).toBe("SMSKIT_E_RECORDING_REFUSED");
    expect(error.cause).toBeInstanceOf(DOMException);
  });

  it("counts sends per gateway and outcome, and tells listeners", async () => {
    const { smskit, recording } = await setup();
    const events: SendEvent[] = [];
    smskit.on("send", (event) => events.push(event));
    await smskit.send("otp", "1", "x");
    await smskit.send("otp", "1", "x");
    recording.behaviour = "fail";
    await smskit.send("otp", "1", "x").catch(() => {});
    expect(events.map((event) => event.outcome)).toEqual(["success", "success", "failure"]);
    const series = smskit.metrics.snapshot();
    expect(series.map((entry) => [entry.outcome, entry.count])).toEqual([
      ["failure", 1],
      ["success", 2],
    ]);
    const text = smskit.metrics.toPrometheus();
    expect(text).toContain('smskit_sends_total{gateway="otp",provider="recording",result="success"} 2');
    expect(text).toContain(
      'smskit_send_duration_seconds_count{gateway="otp",provider="recording",result="failure"} 1',
    );
  });

  it("refuses unknown gateways and recipients that are empty after the rewrite", async () => {
    const { smskit } = await setup();
    await expect(smskit.send("nope", "1", "x")).rejects.toMatchObject({ code: "SMSKIT_E_GATEWAY_NOT_FOUND" });
    await expect(smskit.send("nope", "1", "x")).rejects.toBeInstanceOf(ConfigurationError);
    await smskit.saveGateway({ ...gateway, parameters: { ...gateway.parameters, REGEXP: "/.*//" } });
    const error = await failure(smskit.send("otp", "123", "x"));
    expect(error.code).toBe("SMSKIT_E_RECIPIENT_INVALID");
  });

  it("closes every instance on close() and refuses later sends", async () => {
    const { smskit, recording } = await setup();
    await smskit.send("otp", "1", "x");
    await smskit.close();
    expect(recording.closed).toEqual([1]);
    await expect(smskit.send("otp", "1", "x")).rejects.toMatchObject({ code: "SMSKIT_E_CLOSED" });
  });

  it("waits for in-flight sends before closing an instance", async () => {
    const { smskit, recording } = await setup();
    recording.behaviour = "hang";
    const controller = new AbortController();
    const pending = smskit
      .send("otp", "1", "x", { signal: controller.signal })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await smskit.saveGateway({ ...gateway, description: "v2" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recording.closed).toEqual([]);
    controller.abort();
    await pending;
    await expect.poll(() => recording.closed).toEqual([1]);
  });
});

describe("secrets in definitions", () => {
  it("censors the password of a URL written with user:password@", async () => {
    const recording = newRecording();
    const smskit = await createSmskit({ providers: [recordingProvider(recording)] });
    await smskit.saveGateway({
      name: "url",
      provider: "recording",
      parameters: { URL: "https://me:p%40ss-Word9@sms.example.net/send" },
    });
    recording.behaviour = "leak-url";
    const error = await failure(smskit.send("url", "1", "x"));
    expect(error.message).toContain("cannot reach https://me:__CENSORED__@sms.example.net/send");
    expect(error.message).not.toContain("Word9");
  });

  it("shows secrets as __CENSORED__, keeps them when written back, and clears them with an empty string", async () => {
    const recording: Recording = newRecording();
    const smskit = await createSmskit({ providers: [recordingProvider(recording)] });
    await smskit.saveGateway({ ...gateway, options: { api_key: "k-123", text: "{otp}" } });
    const shown = await smskit.getGateway("otp");
    expect(shown?.parameters.PASSWORD).toBe(CENSORED);
    expect(shown?.options.api_key).toBe(CENSORED);
    expect(JSON.stringify(await smskit.listGateways())).not.toContain("hunter2-secret");
    if (!shown) throw new Error("not saved");
    await smskit.saveGateway({ ...shown, description: "edited" });
    const raw = await smskit.store.getGateway("otp");
    expect(raw?.parameters.PASSWORD).toMatch(/^smskit:aes256gcm:v1:/);
    expect(raw?.options.api_key).toMatch(/^smskit:aes256gcm:v1:/);
    const exported = (await smskit.exportDefinitions()).gateways.otp;
    expect(exported?.parameters?.PASSWORD).toBe("hunter2-secret");
    expect(exported?.options?.api_key).toBe("k-123");
    await smskit.saveGateway({
      ...shown,
      parameters: { ...shown.parameters, PASSWORD: "" },
      options: { api_key: "" },
    });
    const cleared = (await smskit.exportDefinitions()).gateways.otp;
    expect(cleared?.parameters?.PASSWORD).toBeUndefined();
    expect(cleared?.options?.api_key).toBeUndefined();
  });

  it("refuses __CENSORED__ for a secret that is not stored", async () => {
    const smskit = await createSmskit({ providers: [recordingProvider(newRecording())] });
    await expect(
      smskit.saveGateway({ ...gateway, parameters: { ...gateway.parameters, PASSWORD: CENSORED } }),
    ).rejects.toThrow(/PASSWORD is __CENSORED__ but gateway 'otp' has no stored value to keep/);
  });
});

describe("errors from another copy of @smskit/core", () => {
  it("keeps a provider's SmsError made by another copy of core, recognised by its shape", async () => {
    const { smskit, recording } = await setup();
    recording.behaviour = "foreign-error";
    const error = await failure(smskit.send("otp", "1", "x"));
    expect(error.code).toBe("SMSKIT_E_RECORDING_FOREIGN");
    expect(error.gateway).toBe("otp");
    expect(error.retrySafe).toBe(true);
  });
});
