import { describe, expect, it } from "vitest";
import { ConfigurationError, createSmskit, defineProvider, SmsError } from "../src/index.js";
import { parsePhoneRewrite, rewritePhone } from "../src/phone-rewrite.js";
import { maximumTimeoutMs } from "../src/send-deadline.js";
import { newRecording, recordingProvider } from "./fixtures/recording-provider.js";

async function setup() {
  const recording = newRecording();
  const smskit = await createSmskit({ providers: [recordingProvider(recording)] });
  return { smskit, recording };
}

async function refusal(work: Promise<unknown>): Promise<Error> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("REGEXP on a linear-time engine", () => {
  it("runs a pattern that backtracks catastrophically elsewhere to its end, with the right result", () => {
    const rewrite = parsePhoneRewrite("/(a+)+$/x/");
    // A backtracking engine takes about 12 s for these 29 characters, twice as long for each one more.
    expect(rewritePhone(rewrite, `${"a".repeat(28)}!`)).toBe(`${"a".repeat(28)}!`);
    expect(rewritePhone(rewrite, "1aaaa")).toBe("1x");
  });

  it("refuses backreferences and lookaround in the pattern, saying why", () => {
    expect(() => parsePhoneRewrite("/(\\d)\\1/x/")).toThrow(/backreference .*linear-time engine/);
    expect(() => parsePhoneRewrite("/^0(?=1)/49/")).toThrow(/lookahead or lookbehind/);
    expect(() => parsePhoneRewrite("/(?<!\\+)49/0049/")).toThrow(/lookahead or lookbehind/);
    expect(() => parsePhoneRewrite("/(/x/")).toThrow(/invalid pattern: missing closing \)/);
  });

  it("refuses such a pattern at save time and saves nothing", async () => {
    const { smskit } = await setup();
    const error = await refusal(
      smskit.saveGateway({
        name: "otp",
        provider: "recording",
        parameters: { URL: "https://sms.example.net/", REGEXP: "/(\\d)\\1/x/" },
      }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/parameter REGEXP has a backreference/);
    expect(await smskit.getGateway("otp")).toBeUndefined();
  });
});

describe("recipients and deadlines", () => {
  it("refuses a recipient starting with '-' for an SMS provider, retry-safe, and sends nothing", async () => {
    const { smskit, recording } = await setup();
    await smskit.saveGateway({
      name: "otp",
      provider: "recording",
      parameters: { URL: "https://x.example/" },
    });
    for (const to of ["-rf", " --help", "-1"]) {
      const error = (await refusal(smskit.send("otp", to, "code"))) as SmsError;
      expect(error).toBeInstanceOf(SmsError);
      expect(error).toMatchObject({
        code: "SMSKIT_E_RECIPIENT_INVALID",
        retrySafe: true,
        deliveryUnknown: false,
      });
      expect(error.message).toMatch(/starts with '-'/);
    }
    expect(recording.sent).toEqual([]);
  });

  it("refuses a deadline no timer can hold instead of failing after 1 ms", async () => {
    const { smskit, recording } = await setup();
    await smskit.saveGateway({
      name: "otp",
      provider: "recording",
      parameters: { URL: "https://x.example/" },
    });
    const error = await refusal(smskit.send("otp", "+1", "code", { timeoutMs: maximumTimeoutMs + 1 }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/timeoutMs must be .* at most 2147483647/);
    expect(recording.sent).toEqual([]);
    await expect(smskit.send("otp", "+1", "code", { timeoutMs: maximumTimeoutMs })).resolves.toMatchObject({
      to: "+1",
    });
    await expect(createSmskit({ sendTimeoutMs: 99_999_999_999 })).rejects.toThrow(/sendTimeoutMs must be/);
  });
});

describe("definitions that would break at send time or exhaust the stack", () => {
  it("refuses CR, LF and other control characters in header names and values at save time", async () => {
    const { smskit } = await setup();
    const refused: Record<string, string>[] = [
      { "X-Token": "a\r\nX-Injected: 1" },
      { "X-Token": "a\nb" },
      { "X-Token": "a\u0000b" },
      { "X-Bad\r\nName": "a" },
      { "X Space": "a" },
    ];
    for (const headers of refused) {
      const error = await refusal(
        smskit.saveGateway({
          name: "otp",
          provider: "recording",
          parameters: { URL: "https://x.example/" },
          headers,
        }),
      );
      expect(error).toMatchObject({ code: "SMSKIT_E_GATEWAY_INVALID" });
      expect((error as ConfigurationError).issues[0]?.key).toMatch(/^headers\./);
    }
    expect(await smskit.getGateway("otp")).toBeUndefined();
    await smskit.saveGateway({
      name: "otp",
      provider: "recording",
      parameters: { URL: "https://x.example/" },
      headers: { "X-Tabbed": "a\tb {phone}" },
    });
  });

  it("refuses a parameter nested 2000 levels deep with a clear issue", async () => {
    const { smskit } = await setup();
    let nested: Record<string, unknown> = {};
    for (let level = 0; level < 2000; level++) nested = { a: nested };
    const error = await refusal(
      smskit.saveGateway({
        name: "otp",
        provider: "recording",
        parameters: { URL: "https://x.example/", SMTPIDENTIFIER: nested },
      }),
    );
    expect(error).toMatchObject({ code: "SMSKIT_E_GATEWAY_INVALID" });
    expect((error as ConfigurationError).issues).toEqual([
      { key: "SMTPIDENTIFIER", message: "nests objects or lists more than 32 levels deep; flatten it" },
    ]);
    const server = await refusal(
      smskit.saveSmtpServer({ name: "mail", host: nested as never, sender: "a@b.example" }),
    );
    expect(server).toMatchObject({ code: "SMSKIT_E_SMTP_SERVER_INVALID" });
    expect(server.message).toBe(
      "SMTP server 'mail': host nests objects or lists more than 32 levels deep; flatten it",
    );
  });
});

describe("failures before anything went out", () => {
  it("reports a provider whose create() throws as retry-safe, not as delivery unknown", async () => {
    const failing = defineProvider({
      specVersion: 1,
      id: "failing",
      kind: "sms",
      displayName: "Failing",
      description: "Cannot be set up.",
      parameters: { type: "object", properties: {} },
      optionsAllowed: false,
      headersAllowed: false,
      create() {
        throw new Error("cannot open the modem");
      },
    });
    const smskit = await createSmskit({ providers: [failing] });
    await smskit.saveGateway({ name: "modem", provider: "failing" });
    const error = (await refusal(smskit.send("modem", "+1", "code"))) as SmsError;
    expect(error).toBeInstanceOf(SmsError);
    // The one assertion changed by the split of SMSKIT_E_SEND_FAILED: a failed set-up has its own code.
    expect(error).toMatchObject({
      code: "SMSKIT_E_SEND_SETUP_FAILED",
      retrySafe: true,
      deliveryUnknown: false,
    });
    expect(error.message).toBe(
      "gateway 'modem': provider 'failing' could not be set up: cannot open the modem; nothing was sent",
    );
  });
});
