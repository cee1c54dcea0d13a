import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("POST /api/inspect", () => {
  it("answers a GSM text's encoding, length and parts", async () => {
    const response = await demo.request("POST", "/api/inspect", { body: { text: "a".repeat(161) } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      encoding: "gsm7",
      length: 161,
      unit: "septets",
      parts: 2,
      perPart: 153,
      partLengths: [153, 8],
      remaining: 145,
      forcingUcs2: [],
      suggestions: [],
    });
    expect(response.json.withSuggestions).toBeUndefined();
  });

  it("names the characters at fault and the look-alikes that keep GSM 7-bit", async () => {
    const response = await demo.request("POST", "/api/inspect", { body: { text: "It’s 5€ 😀" } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      encoding: "ucs2",
      length: 10,
      unit: "code units",
      parts: 1,
      remaining: 60,
      forcingUcs2: [
        { character: "’", codePoint: "U+2019", positions: [3] },
        { character: "😀", codePoint: "U+1F600", positions: [9] },
      ],
      extensionCharacters: [{ character: "€", codePoint: "U+20AC", positions: [7] }],
      suggestions: [{ character: "’", replacement: "'", positions: [3] }],
      withSuggestions: { text: "It's 5€ 😀", encoding: "ucs2", parts: 1 },
    });
  });

  it("refuses a body without a text and sends nothing", async () => {
    const before = (await demo.request("GET", "/api/sandbox/messages")).json.length;
    const response = await demo.request("POST", "/api/inspect", { body: { message: "hi" } });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe("SMSKIT_E_REQUEST_INVALID");
    expect((await demo.request("GET", "/api/sandbox/messages")).json.length).toBe(before);
  });
});
