import { describe, expect, it } from "vitest";
import { ConfigurationError, createSmskit, type GatewayInput } from "../src/index.js";
import { newRecording, recordingProvider } from "./fixtures/recording-provider.js";

async function refusal(input: GatewayInput): Promise<ConfigurationError> {
  const smskit = await createSmskit({ providers: [recordingProvider(newRecording())] });
  const error = await smskit.saveGateway(input).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

const base = { name: "otp", provider: "recording", parameters: { URL: "https://sms.example.net/send" } };

describe("gateway validation at save time", () => {
  it("names the gateway, the parameter and the fix for a missing required parameter", async () => {
    const error = await refusal({ ...base, parameters: {} });
    expect(error.code).toBe("SMSKIT_E_GATEWAY_INVALID");
    expect(error.message).toMatch(/^gateway 'otp': parameter URL is required/);
    expect(error.issues).toEqual([expect.objectContaining({ key: "URL" })]);
  });

  it("lists the allowed values of an enum", async () => {
    const error = await refusal({ ...base, parameters: { ...base.parameters, HTTP_METHOD: "PUT" } });
    expect(error.message).toContain("parameter HTTP_METHOD must be one of GET, POST");
  });

  it("refuses a wrong type", async () => {
    const error = await refusal({
      ...base,
      parameters: { ...base.parameters, TIMEOUT: "soon", CHECK_SSL: "maybe" },
    });
    expect(error.issues.map((issue) => issue.key).sort()).toEqual(["CHECK_SSL", "TIMEOUT"]);
    expect(error.message).toContain("parameter TIMEOUT must be a number");
    expect(error.message).toContain("parameter CHECK_SSL must be yes or no");
  });

  it("refuses an unknown parameter with a did-you-mean hint", async () => {
    const error = await refusal({ ...base, parameters: { ...base.parameters, HTTP_METOD: "GET" } });
    expect(error.message).toContain(
      "parameter HTTP_METOD is not a parameter of provider 'recording' — did you mean HTTP_METHOD?",
    );
  });

  it("refuses an option named like a parameter, but accepts privacyIDEA's lower-case option names", async () => {
    const error = await refusal({ ...base, options: { URL: "x" } });
    expect(error.message).toContain("option URL has the name of the parameter URL");
    const smskit = await createSmskit({ providers: [recordingProvider(newRecording())] });
    await expect(
      smskit.saveGateway({ ...base, options: { password: "p", url: "u" } }),
    ).resolves.toMatchObject({ name: "otp" });
  });

  it("refuses an invalid REGEXP, saying what is wrong", async () => {
    const error = await refusal({ ...base, parameters: { ...base.parameters, REGEXP: "/(/x/" } });
    expect(error.message).toMatch(/parameter REGEXP has an invalid pattern/);
  });

  it("refuses an unknown provider with a hint and the installed ones", async () => {
    const error = await refusal({ ...base, provider: "recordin" });
    expect(error.code).toBe("SMSKIT_E_PROVIDER_UNKNOWN");
    expect(error.message).toContain("did you mean 'recording'?");
  });

  it("refuses a malformed gateway name", async () => {
    const error = await refusal({ ...base, name: "has space" });
    expect(error.issues[0]?.key).toBe("name");
  });

  it("never echoes a secret value in a message", async () => {
    const error = await refusal({ ...base, parameters: { ...base.parameters, PASSWORD: 12345678 } });
    expect(error.message).toContain("parameter PASSWORD must be text");
    expect(error.message).not.toContain("12345678");
  });

  it("accepts privacyIDEA's string values and aliases", async () => {
    const smskit = await createSmskit({ providers: [recordingProvider(newRecording())] });
    const saved = await smskit.saveGateway({
      ...base,
      provider: "legacy.RecordingProvider",
      parameters: { ...base.parameters, CHECK_SSL: "no", TIMEOUT: "3", SMTPIDENTIFIED: "mail" },
    });
    expect(saved.provider).toBe("recording");
    expect(saved.parameters).toEqual({
      ...base.parameters,
      CHECK_SSL: "no",
      TIMEOUT: "3",
      SMTPIDENTIFIER: "mail",
    });
  });

  it("leaves the stored definition exactly as it was when a save is refused", async () => {
    const smskit = await createSmskit({ providers: [recordingProvider(newRecording())] });
    const first = await smskit.saveGateway({ ...base, description: "first" });
    await expect(smskit.saveGateway({ ...base, parameters: { HTTP_METHOD: "PUT" } })).rejects.toThrow(
      ConfigurationError,
    );
    expect(await smskit.getGateway("otp")).toEqual(first);
  });

  it("refuses options and headers for a provider that accepts none", async () => {
    const manifest = { ...recordingProvider(newRecording()), optionsAllowed: false, headersAllowed: false };
    const smskit = await createSmskit({ providers: [manifest] });
    const error = await smskit
      .saveGateway({ ...base, options: { a: "1" }, headers: { b: "2" } })
      .catch((caught) => caught);
    expect(error.message).toContain("options are not accepted by provider 'recording' (given: a)");
    expect(error.message).toContain("headers are not accepted by provider 'recording' (given: b)");
  });
});

describe("did-you-mean", () => {
  it("counts a swap of neighbouring letters as one edit", async () => {
    const { closestMatch } = await import("../src/index.js");
    expect(closestMatch("sned", ["send", "providers"])).toBe("send");
    expect(closestMatch("HTTP_MEHTOD", ["HTTP_METHOD", "URL"])).toBe("HTTP_METHOD");
    expect(closestMatch("zzz", ["send"])).toBeUndefined();
  });
});

describe("format messages", () => {
  it("says what a URL must look like", async () => {
    const error = await refusal({ ...base, parameters: { URL: "not a url" } });
    expect(error.message).toContain('parameter URL must be an http:// or https:// URL (got "not a url")');
  });
});
