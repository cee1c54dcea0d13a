import { describe, expect, it } from "vitest";
import { parsePhoneRewrite, rewritePhone } from "../src/phone-rewrite.js";

const rewrite = (rule: string, phone: string) => rewritePhone(parsePhoneRewrite(rule), phone);

describe("REGEXP rewrite", () => {
  it("removes plus signs and slashes with privacyIDEA's example", () => {
    expect(rewrite("/[\\+/]//", "+49/170/1234567")).toBe("491701234567");
  });

  it("replaces a leading zero", () => {
    expect(rewrite("/^0/49/", "01701234567")).toBe("491701234567");
    expect(rewrite("/^0/49/", "+491701234567")).toBe("+491701234567");
  });

  it("accepts Python group references \\1 and \\g<name> as well as $1", () => {
    expect(rewrite("/^00(\\d+)/+\\1/", "00491701234567")).toBe("+491701234567");
    expect(rewrite("/^00(\\d+)/+$1/", "00491701234567")).toBe("+491701234567");
    expect(rewrite("/^00(?P<rest>\\d+)/+\\g<rest>/", "0044123")).toBe("+44123");
  });

  it("replaces every match, as Python's re.sub does", () => {
    expect(rewrite("/ //", "+49 170 123 4567")).toBe("+491701234567");
  });

  it("refuses malformed rules with a message saying what is wrong", () => {
    expect(() => parsePhoneRewrite("^0/49")).toThrow(/\/pattern\/replacement\//);
    expect(() => parsePhoneRewrite("/(/x/")).toThrow(/invalid pattern/);
    expect(() => parsePhoneRewrite("//x/")).toThrow(/empty pattern/);
  });

  it("leaves the number alone without a rule", () => {
    expect(rewritePhone(undefined, "+49 170")).toBe("+49 170");
  });
});
