import { describe, expect, it } from "vitest";
import { createContainer, ManifestError, providerRegistry, registerProvider } from "../src/index.js";
import { newRecording, recordingProvider } from "./fixtures/recording-provider.js";

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).code;
  }
  return undefined;
}

describe("registerProvider", () => {
  const valid = recordingProvider(newRecording());

  it("registers in the container's registry and indexes id and legacy names", () => {
    const container = createContainer();
    registerProvider(container, valid);
    const registry = providerRegistry(container);
    expect(registry.list().map((entry) => entry.manifest.id)).toEqual(["recording"]);
    expect(registry.get("recording")?.manifest).toBe(valid);
    expect(registry.get("legacy.RecordingProvider")?.manifest).toBe(valid);
  });

  it("refuses a duplicate id", () => {
    const container = createContainer();
    registerProvider(container, valid);
    expect(codeOf(() => registerProvider(container, valid))).toBe("SMSKIT_E_MANIFEST_DUPLICATE");
  });

  it("refuses an unsupported specVersion, naming the version it supports", () => {
    expect(codeOf(() => registerProvider(createContainer(), { ...valid, specVersion: 2 }))).toBe(
      "SMSKIT_E_MANIFEST_SPEC_VERSION",
    );
    expect(() => registerProvider(createContainer(), { ...valid, specVersion: 2 })).toThrow(
      /supports specVersion 1/,
    );
  });

  it("refuses a malformed id", () => {
    for (const id of ["HTTP", "", "1abc", "with space", undefined]) {
      expect(codeOf(() => registerProvider(createContainer(), { ...valid, id }))).toBe(
        "SMSKIT_E_MANIFEST_ID",
      );
    }
  });

  it("refuses parameters that are not a valid JSON Schema object", () => {
    const cases = [
      undefined,
      "string",
      { type: "array", items: {} },
      { type: "object" },
      { type: "object", properties: { A: { type: "strin", description: "x" } } },
    ];
    for (const parameters of cases) {
      expect(codeOf(() => registerProvider(createContainer(), { ...valid, parameters }))).toBe(
        "SMSKIT_E_MANIFEST_SCHEMA",
      );
    }
  });

  it("refuses a property without a description", () => {
    const parameters = { type: "object", properties: { URL: { type: "string" } } };
    expect(codeOf(() => registerProvider(createContainer(), { ...valid, parameters }))).toBe(
      "SMSKIT_E_MANIFEST_DESCRIPTION",
    );
    expect(() => registerProvider(createContainer(), { ...valid, parameters })).toThrow(
      /parameter URL has no description/,
    );
  });

  it("refuses a manifest without a factory or a kind", () => {
    expect(codeOf(() => registerProvider(createContainer(), { ...valid, create: undefined }))).toBe(
      "SMSKIT_E_MANIFEST_INVALID",
    );
    expect(codeOf(() => registerProvider(createContainer(), { ...valid, kind: "fax" }))).toBe(
      "SMSKIT_E_MANIFEST_INVALID",
    );
    expect(codeOf(() => registerProvider(createContainer(), null))).toBe("SMSKIT_E_MANIFEST_INVALID");
  });

  it("refuses a receiptSecretParameter that does not name a secret string parameter", () => {
    const parameters = {
      type: "object",
      properties: {
        KEY: { type: "string", description: "Not marked writeOnly." },
        SECRET: { type: "string", writeOnly: true, description: "A secret." },
      },
    };
    for (const receiptSecretParameter of ["KEY", "MISSING", 7]) {
      expect(
        codeOf(() => registerProvider(createContainer(), { ...valid, parameters, receiptSecretParameter })),
      ).toBe("SMSKIT_E_MANIFEST_INVALID");
    }
    const accepted = registerProvider(createContainer(), {
      ...valid,
      parameters,
      receiptSecretParameter: "SECRET",
    });
    expect(accepted.manifest.receiptSecretParameter).toBe("SECRET");
  });

  it("accepts a parameter of several types", () => {
    const parameters = {
      type: "object",
      properties: { PARAMETER: { type: ["object", "string"], description: "Extra parameters." } },
    };
    expect(registerProvider(createContainer(), { ...valid, parameters }).manifest.id).toBe("recording");
  });

  it("keeps containers apart", () => {
    const first = createContainer();
    registerProvider(first, valid);
    expect(providerRegistry(createContainer()).list()).toEqual([]);
  });
});
