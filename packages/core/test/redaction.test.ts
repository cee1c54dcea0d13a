import { describe, expect, it } from "vitest";
import { censorEmbedded, restoreEmbedded } from "../src/embedded-secrets.js";
import { createReplacer, shortExcerpt } from "../src/redaction.js";
import { createRedactor, secretSelection, secretValues } from "../src/secrets.js";

describe("redaction", () => {
  it("censors every wire form of a secret", () => {
    const secret = 'a"b\\c/d é&e f';
    const redact = createRedactor([secret]);
    const forms = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      new URLSearchParams({ x: secret }).toString().slice(2),
      Buffer.from(secret).toString("base64"),
    ];
    for (const form of forms) expect(redact(`<${form}>`)).toBe("<__CENSORED__>");
  });

  it("censors base64 of user:password and every Authorization value", () => {
    const definition = {
      parameters: { USERNAME: "alice", PASSWORD: "s3cret-pass" },
      options: {},
      headers: {},
    };
    const redact = createRedactor(secretValues(definition, secretSelection(new Set(["PASSWORD"]))));
    const basic = Buffer.from("alice:s3cret-pass").toString("base64");
    expect(redact(`got ${basic}`)).toBe("got __CENSORED__");
    expect(redact('{"Authorization":"Bearer abc.def"}')).toBe('{"Authorization":"__CENSORED__"}');
    expect(redact('{\\"authorization\\":\\"Basic Zm9vOmJhcg==\\"}')).toBe(
      '{\\"authorization\\":\\"__CENSORED__\\"}',
    );
    expect(redact("proxy-authorization: Basic Zm9vOmJhcg==\nhost: x")).toBe(
      "proxy-authorization: __CENSORED__\nhost: x",
    );
    expect(redact("authorization failed")).toBe("authorization failed");
  });

  it("replaces a short secret only where it stands on its own", () => {
    const redact = createRedactor(["x"]);
    expect(redact('expected x, pin=x&y, "x"')).toBe(
      'expected __CENSORED__, pin=__CENSORED__&y, "__CENSORED__"',
    );
    const long = createRedactor(["longsecret"]);
    expect(long(`prefix${"longsecret"}suffix`)).toBe("prefix__CENSORED__suffix");
  });

  it("replaces message texts with a placeholder", () => {
    const hide = createReplacer(["Your code is 1234"], "<message>");
    expect(hide("text=Your+code+is+1234&to=1")).toBe("text=<message>&to=1");
  });

  it("keeps a short excerpt of a long message", () => {
    expect(shortExcerpt("a".repeat(5000)).length).toBeLessThan(2100);
  });
});

describe("secrets inside parameters", () => {
  it("censors and restores a URL's password and secret-named keys", () => {
    expect(censorEmbedded("http://user:p%40ss@host:8080/path?q=1")).toBe(
      "http://user:__CENSORED__@host:8080/path?q=1",
    );
    expect(restoreEmbedded("http://user:__CENSORED__@other/", "http://user:p%40ss@host/")).toBe(
      "http://user:p%40ss@other/",
    );
    expect(restoreEmbedded("http://user:__CENSORED__@other/", "http://other/")).toBeUndefined();
    expect(censorEmbedded({ api_id: "1", api_key: "k" })).toEqual({ api_id: "1", api_key: "__CENSORED__" });
    expect(censorEmbedded('{"Token":"t","a":1}')).toBe('{"Token":"__CENSORED__","a":1}');
    expect(restoreEmbedded({ api_key: "__CENSORED__" }, '{"api_key":"k"}')).toEqual({ api_key: "k" });
    expect(restoreEmbedded({ api_key: "__CENSORED__" }, { other: "k" })).toBeUndefined();
  });
});

describe("odd texts", () => {
  it("handles a lone surrogate in a secret or message text", () => {
    expect(createReplacer(["broken \ud83d emoji"], "<message>")("said broken \ud83d emoji")).toBe(
      "said <message>",
    );
  });
});
