import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as contract from "../src/index.js";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("@smskit/provider", () => {
  it("depends on nothing at run time", () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
  });

  it("defines a provider as plain data whose error carries retry and delivery facts", () => {
    const provider = contract.defineProvider({
      specVersion: 1,
      id: "example",
      kind: "sms",
      displayName: "Example",
      description: "An example.",
      optionsAllowed: false,
      headersAllowed: false,
      parameters: { type: "object", properties: { URL: { type: "string", description: "Where." } } },
      create: () => ({
        send: async () => {
          throw new contract.SmsError("SMSKIT_E_SEND_FAILED", "gateway 'x': refused", { retrySafe: true });
        },
      }),
    });
    expect(provider.specVersion).toBe(contract.specVersion);
    const error = new contract.SmsError("SMSKIT_E_SEND_TIMEOUT", "late", {
      retrySafe: false,
      deliveryUnknown: true,
    });
    expect(contract.isSmsError(error)).toBe(true);
    expect(error.toJSON()).toMatchObject({
      code: "SMSKIT_E_SEND_TIMEOUT",
      retrySafe: false,
      deliveryUnknown: true,
    });
  });

  it("rejects with the signal's reason when aborted first", async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => {});
    const raced = contract.untilAborted(never, controller.signal);
    controller.abort(new Error("stop"));
    await expect(raced).rejects.toThrow("stop");
    expect(contract.abortReason(AbortSignal.abort()).name).toBe("AbortError");
  });
});
