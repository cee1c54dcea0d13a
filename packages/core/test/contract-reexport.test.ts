import * as contract from "@smskit/provider";
import { describe, expect, it } from "vitest";
import * as core from "../src/index.js";

describe("core and @smskit/provider", () => {
  it("core re-exports the contract: the same classes and values, so errors of either are one kind", () => {
    expect(core.SmsError).toBe(contract.SmsError);
    expect(core.SmskitError).toBe(contract.SmskitError);
    expect(core.errorCodes).toBe(contract.errorCodes);
    expect(core.defineProvider).toBe(contract.defineProvider);
    expect(core.untilAborted).toBe(contract.untilAborted);
    expect(core.SPEC_VERSION).toBe(contract.specVersion);
  });
});
