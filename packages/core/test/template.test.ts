import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTemplate, renderTemplates, renderText, renderValue } from "../src/template.js";

const awkward = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    '"',
    "'",
    "&",
    "<",
    ">",
    "{",
    "}",
    "{phone}",
    "{otp}",
    "$1",
    "$&",
    "\\",
    "\n",
    "\r\n",
    "😀",
    "👩‍👩‍👧",
    "]]>",
  ),
);
const text = fc.array(awkward, { maxLength: 8 }).map((parts) => parts.join(""));

describe("templating", () => {
  it("replaces {phone} and {otp}", () => {
    expect(renderText("To {phone}: {otp}", { phone: "+49", otp: "123456" })).toBe("To +49: 123456");
  });

  it("never re-scans what it substituted (property)", () => {
    fc.assert(
      fc.property(text, text, (phone, otp) => {
        expect(renderText("{otp}", { phone, otp })).toBe(otp);
        expect(renderText("{phone}|{otp}", { phone, otp })).toBe(`${phone}|${otp}`);
      }),
    );
  });

  it("keeps a JSON option structural: any message survives a JSON round trip byte-exact (property)", () => {
    fc.assert(
      fc.property(text, text, (phone, otp) => {
        const rendered = renderValue(parseTemplate('{"to": ["{phone}"], "text": "Code: {otp}", "n": 3}'), {
          phone,
          otp,
        });
        expect(JSON.parse(JSON.stringify(rendered))).toEqual({ to: [phone], text: `Code: ${otp}`, n: 3 });
      }),
    );
  });

  it("treats a list written as JSON as a list and plain text as text", () => {
    const rendered = renderTemplates(
      { to: '["{phone}"]', text: "{otp}", broken: "[not json" },
      { phone: "+1", otp: '"x"' },
    );
    expect(rendered).toEqual({ to: ["+1"], text: '"x"', broken: "[not json" });
  });

  it("renders text that merely looks like a tag inside JSON as text", () => {
    expect(renderValue(parseTemplate('{"a": "{otp}"}'), { phone: "p", otp: '", "injected": "1' })).toEqual({
      a: '", "injected": "1',
    });
  });
});

describe("compiled templates", () => {
  it("render exactly what renderText and renderValue render (property)", async () => {
    const { compileText, compileValue } = await import("../src/template.js");
    fc.assert(
      fc.property(text, text, text, (template, phone, otp) => {
        expect(compileText(template)({ phone, otp })).toBe(renderText(template, { phone, otp }));
        const structure = parseTemplate(JSON.stringify({ a: [template, 1, null], b: { c: template } }));
        expect(compileValue(structure)({ phone, otp })).toEqual(renderValue(structure, { phone, otp }));
      }),
    );
  });
});
