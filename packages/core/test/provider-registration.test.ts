import { describe, expect, it } from "vitest";
import {
  createContainer,
  ManifestError,
  registeredProviders,
  registerProvider,
  tokens,
} from "../src/index.js";
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

  it("registers under the multi-token and indexes id and legacy names", () => {
    const container = createContainer();
    registerProvider(container, valid);
    expect(registeredProviders(container).map((entry) => entry.manifest.id)).toEqual(["recording"]);
    expect(container.resolveAll(tokens.provider)).toHaveLength(1);
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
    expect(registeredProviders(createContainer())).toEqual([]);
  });
});
