import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  coreErrorDefinition,
  coreErrors,
  defineConfigurationError,
  defineSendError,
  definitionOf,
  errorCatalogue,
  errorCodes,
  errorMeanings,
  SmsError,
} from "../src/index.js";

const timeout = defineSendError(
  "SMSKIT_E_ACME_TIMEOUT",
  "gateway '%{gateway}': no answer within %{seconds} s",
  {
    meaning: "ACME did not answer in time; it is not known whether the message was sent.",
    retrySafe: false,
    deliveryUnknown: true,
  },
);
const missing = defineConfigurationError("SMSKIT_E_ACME_MISSING", "the key file is missing", {
  meaning: "The key file is missing.",
  status: 422,
});

describe("defineSendError", () => {
  it("builds an SmsError with the template filled in and the definition's outcome", () => {
    const error = timeout.create(
      { gateway: "otp", seconds: 5 },
      { gateway: "otp", details: { phase: "answer" } },
    );
    expect(error).toBeInstanceOf(SmsError);
    expect(error).toMatchObject({
      code: "SMSKIT_E_ACME_TIMEOUT",
      message: "gateway 'otp': no answer within 5 s",
      gateway: "otp",
      retrySafe: false,
      deliveryUnknown: true,
      details: { phase: "answer" },
    });
    expect(definitionOf(error)).toBe(timeout);
    expect(timeout.status).toBe(502);
  });

  it("checks a template's values by type", () => {
    // @ts-expect-error: `seconds` is missing (at run time it reads `undefined`, the error is kept)
    expect(timeout.create({ gateway: "otp" }).message).toBe("gateway 'otp': no answer within undefined s");
    // @ts-expect-error: a template without placeholders takes no values
    missing.create({ gateway: "x" }, {});
    expect(timeout.format({ gateway: "a", seconds: 1 })).toBe("gateway 'a': no answer within 1 s");
  });

  it("leaves {phone} and {otp} (without %) as text", () => {
    const literal = defineSendError("SMSKIT_E_ACME_HEADER", "a line break from {phone} in %{header}", {
      meaning: "x",
      retrySafe: true,
    });
    expect(literal.create({ header: "To" }).message).toBe("a line break from {phone} in To");
  });
});

describe("defineConfigurationError", () => {
  it("builds a ConfigurationError with its issues and its status", () => {
    const error = missing.create({ gateway: "g", issues: [{ key: "FILE", message: "missing" }] });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({
      code: "SMSKIT_E_ACME_MISSING",
      gateway: "g",
      message: "the key file is missing",
    });
    expect(error.issues).toEqual([{ key: "FILE", message: "missing" }]);
    expect(definitionOf(error)?.status).toBe(422);
    expect(missing.retrySafe).toBeUndefined();
  });
});

describe("errorCatalogue", () => {
  it("keys definitions by code and refuses a code defined twice", () => {
    const catalogue = errorCatalogue(timeout, missing);
    expect(catalogue.SMSKIT_E_ACME_TIMEOUT).toBe(timeout);
    expect(errorMeanings(catalogue)).toEqual({
      SMSKIT_E_ACME_TIMEOUT: timeout.meaning,
      SMSKIT_E_ACME_MISSING: "The key file is missing.",
    });
    expect(() => errorCatalogue(timeout, timeout)).toThrow(/defined twice/);
  });

  it("holds every core code with a status, and the outcome of every send code", () => {
    for (const [code, definition] of Object.entries(coreErrors)) {
      expect(definition.code).toBe(code);
      expect(errorCodes[code as keyof typeof errorCodes]).toBe(definition.meaning);
      expect(definition.status).toBeGreaterThanOrEqual(400);
      if (definition.kind === "send") expect(typeof definition.retrySafe).toBe("boolean");
      expect(definition.retrySafe && definition.deliveryUnknown).not.toBe(true);
    }
    expect(coreErrorDefinition("SMSKIT_E_GATEWAY_NOT_FOUND")?.status).toBe(404);
    expect(coreErrorDefinition("toString")).toBeUndefined();
  });
});
