import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { run } from "./support/run.js";

describe("smskit inspect", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  it("says a plain text is GSM 7-bit in one part, with the room left", async () => {
    const result = await run(app, ["inspect", "Your code is 123456"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      [
        "encoding:  GSM 7-bit (GSM 03.38)",
        "length:    19 septets, 19 characters",
        "parts:     1 (160 septets each)",
        "room left: 141 septets in the last part",
        "",
      ].join("\n"),
    );
  });

  it("names the characters that force UCS-2, their positions and GSM look-alikes", async () => {
    const result = await run(app, ["inspect", "It’s 5 € — ok’"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("encoding:  UCS-2");
    expect(result.stdout).toContain("parts:     1 (70 code units each)");
    expect(result.stdout).toContain(
      "characters that force UCS-2:\n  '’' U+2019 at positions 3, 14\n  '—' U+2014 at position 10\n",
    );
    expect(result.stdout).toContain("extension characters (two septets each):\n  '€' U+20AC at position 8\n");
    expect(result.stdout).toContain(
      `look-alikes that keep GSM 7-bit:\n  '’' U+2019 → "'"\n  '—' U+2014 → "-"\n`,
    );
    expect(result.stdout).toContain("with them: GSM 7-bit, 1 part\n");
  });

  it("reads the text from standard input with '-' and prints JSON with --json", async () => {
    const text = `${"a".repeat(152)}€${"b".repeat(10)}\n`;
    const result = await run(app, ["inspect", "-", "--json"], { stdin: text });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({
      encoding: "gsm7",
      length: 164,
      unit: "septets",
      parts: 2,
      perPart: 153,
      partLengths: [152, 12],
      remaining: 141,
      forcingUcs2: [],
      extensionCharacters: [{ character: "€", codePoint: "U+20AC", positions: [153] }],
    });
  });

  it("shows an invisible character by its code point only", async () => {
    const result = await run(app, ["inspect", "a\u00a0b"]);
    expect(result.stdout).toContain("(invisible) U+00A0 at position 2");
    expect(result.stdout).toContain('(invisible) U+00A0 → " "');
  });

  it("is a usage error without a text", async () => {
    const result = await run(app, ["inspect"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'smskit inspect' needs the argument <text>");
  });
});
