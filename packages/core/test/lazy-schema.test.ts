import { describe, expect, it } from "vitest";
import { createContainer, createSmskit, ManifestError, registerProvider } from "../src/index.js";
import { newRecording, recordingProvider } from "./fixtures/recording-provider.js";

const valid = recordingProvider(newRecording());

function schemaError(work: () => unknown): ManifestError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).code).toBe("SMSKIT_E_MANIFEST_SCHEMA");
    return error as ManifestError;
  }
  throw new Error("expected a ManifestError");
}

describe("parameter schemas checked at registration without a compiler", () => {
  it("refuses structural mistakes, naming where they are", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ A: { type: "strin", description: "x" } }, /\/properties\/A\/type "strin" is not a JSON Schema type/],
      [
        { A: { type: "string", pattern: "(", description: "x" } },
        /\/properties\/A\/pattern is not a valid regular expression/,
      ],
      [
        { A: { type: "string", minLength: -1, description: "x" } },
        /minLength must be a non-negative integer/,
      ],
      [
        { A: { type: "object", properties: { B: 3 }, description: "x" } },
        /\/properties\/A\/properties\/B must be a schema/,
      ],
      [{ A: { anyOf: [], description: "x" } }, /anyOf must be a non-empty list/],
    ];
    for (const [properties, message] of cases) {
      const error = schemaError(() =>
        registerProvider(createContainer(), { ...valid, parameters: { type: "object", properties } }),
      );
      expect(error.message).toMatch(
        /provider 'recording' \(registerProvider\(\)\): parameters is not a valid JSON Schema/,
      );
      expect(error.message).toMatch(message);
    }
    const required = {
      type: "object",
      properties: { A: { type: "string", description: "x" } },
      required: "A",
    };
    expect(
      schemaError(() => registerProvider(createContainer(), { ...valid, parameters: required })).message,
    ).toMatch(/\/required must be a list/);
  });

  it("refuses what only the compiler finds at the first validation, as a clear error", async () => {
    const parameters = {
      type: "object",
      properties: { URL: { type: "string", description: "Where.", "x-unknown": true } },
    };
    const registered = registerProvider(createContainer(), { ...valid, parameters });
    expect(registered.manifest.id).toBe("recording");
    expect(schemaError(() => registered.validateParameters).message).toMatch(
      /^provider 'recording' \(registerProvider\(\)\): parameters cannot be compiled: .*x-unknown/,
    );

    const smskit = await createSmskit({ providers: [{ ...valid, parameters }] });
    try {
      await expect(
        smskit.saveGateway({
          name: "otp",
          provider: "recording",
          parameters: { URL: "http://127.0.0.1:9/" },
        }),
      ).rejects.toThrow(/parameters cannot be compiled/);
      expect(await smskit.listGateways()).toEqual([]);
    } finally {
      await smskit.close();
    }
  });

  it("compiles a schema once and validates with it", () => {
    const registered = registerProvider(createContainer(), valid);
    expect(registered.validateParameters).toBe(registered.validateParameters);
    const parameters: Record<string, unknown> = { URL: "http://127.0.0.1:9/" };
    expect(registered.validateParameters(parameters)).toBe(true);
    expect(parameters.HTTP_METHOD).toBe("GET");
    expect(registered.validateParameters({ URL: "ftp://x" })).toBe(false);
  });
});
