import { describe, expectTypeOf, it } from "vitest";
import { defineProvider, type ParametersOf } from "../src/index.js";

const schema = {
  type: "object",
  properties: {
    URL: { type: "string", description: "Endpoint." },
    HTTP_METHOD: { type: "string", enum: ["GET", "POST"], default: "GET", description: "Method." },
    TIMEOUT: { type: "number", default: 3, description: "Seconds." },
    CHECK_SSL: { type: "boolean", description: "Verify TLS." },
    PARAMETER: { type: ["object", "string"], description: "Extra parameters." },
  },
  required: ["URL"],
} as const;

describe("parameter types derived from the schema", () => {
  it("makes required and defaulted parameters present and keeps enums literal", () => {
    type Parameters = ParametersOf<typeof schema>;
    expectTypeOf<Parameters>().toEqualTypeOf<{
      URL: string;
      HTTP_METHOD: "GET" | "POST";
      TIMEOUT: number;
      CHECK_SSL?: boolean;
      PARAMETER?: string | Record<string, unknown>;
    }>();
  });

  it("types create()'s parameters from an inline schema", () => {
    defineProvider({
      specVersion: 1,
      id: "typed",
      kind: "sms",
      displayName: "Typed",
      description: "Type test.",
      optionsAllowed: false,
      headersAllowed: false,
      parameters: schema,
      create(config) {
        expectTypeOf(config.parameters.HTTP_METHOD).toEqualTypeOf<"GET" | "POST">();
        expectTypeOf(config.parameters.URL).toEqualTypeOf<string>();
        return { send: async () => ({}) };
      },
    });
  });
});
