import { afterEach, describe, expect, it } from "vitest";
import { createSmskit, type Smskit } from "../src/index.js";
import { receiptingProvider } from "./fixtures/receipting-provider.js";
import { newRecording, recordingProvider } from "./fixtures/recording-provider.js";

let smskit: Smskit | undefined;
afterEach(async () => {
  await smskit?.close();
  smskit = undefined;
});

const callback = {
  method: "POST",
  url: "https://demo.example/receipts/otp/x",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ id: "g-1", status: "delivered", signature: "s3cret" }),
};

describe("the callback URL's secret", () => {
  it("is the parameter the provider names in receiptSecretParameter, whatever its name", async () => {
    smskit = await createSmskit({
      providers: [receiptingProvider({ contexts: [], nextIds: ["g-1"], early: [] })],
    });
    await smskit.saveGateway({
      name: "otp",
      provider: "receipting",
      parameters: { TOKEN: "s3cret", URL_KEY: "k3y" },
    });
    expect(await smskit.receiptSecret("otp")).toBe("k3y");
    const { id } = await smskit.send("otp", "+4917012345678", "Your code is 123456");
    await expect(smskit.handleReceipt("otp", callback, { secret: "wrong" })).rejects.toMatchObject({
      code: "SMSKIT_E_GATEWAY_NOT_FOUND",
    });
    expect((await smskit.status(id))?.status).toBe("submitted");
    expect(await smskit.handleReceipt("otp", callback, { secret: "k3y" })).toEqual({
      reports: 1,
      messages: [id],
    });
  });

  it("does not exist for a provider that names none: any secret counts as an unknown gateway", async () => {
    smskit = await createSmskit({ providers: [recordingProvider(newRecording())] });
    await smskit.saveGateway({
      name: "plain",
      provider: "recording",
      parameters: { URL: "https://sms.example.net/send", PASSWORD: "anything" },
    });
    expect(await smskit.receiptSecret("plain")).toBeUndefined();
    await expect(smskit.handleReceipt("plain", callback, { secret: "anything" })).rejects.toMatchObject({
      code: "SMSKIT_E_GATEWAY_NOT_FOUND",
    });
  });
});
