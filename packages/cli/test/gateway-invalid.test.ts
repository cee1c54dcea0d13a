import { describe, expect, it } from "vitest";
import { url, useOtpGateway } from "./support/gateway-otp.js";
import { runWithStore } from "./support/run.js";

describe("smskit gateway", () => {
  const { app, define, show } = useOtpGateway();

  describe("set with invalid input exits 2 with one clear line and leaves the definition unchanged", () => {
    const cases: { name: string; flags: string[]; message: RegExp }[] = [
      {
        name: "a missing required parameter",
        flags: ["--param", "HTTP_METHOD=GET"],
        message: /gateway 'otp': parameter URL is required/,
      },
      {
        name: "a value outside an enum",
        flags: ["--param", `URL=${url}`, "--param", "HTTP_METHOD=PUT"],
        message: /parameter HTTP_METHOD must be one of GET, POST \(got "PUT"\)/,
      },
      {
        name: "a value of the wrong type",
        flags: ["--param", `URL=${url}`, "--param", "TIMEOUT=soon"],
        message: /parameter TIMEOUT must be a number \(got "soon"\)/,
      },
      {
        name: "an unknown parameter name",
        flags: ["--param", `URLL=${url}`],
        message: /parameter URLL is not a parameter of provider 'echo' — did you mean URL\?/,
      },
      {
        name: "headers for a provider that allows none",
        flags: ["--param", `URL=${url}`, "--header", "X-Api-Key=abc"],
        message: /headers are not accepted by provider 'echo' \(given: X-Api-Key\)/,
      },
      {
        name: "an option named like a parameter",
        flags: ["--param", `URL=${url}`, "--option", "TIMEOUT=3"],
        message: /option TIMEOUT has the name of the parameter TIMEOUT/,
      },
      {
        name: "an invalid REGEXP",
        flags: ["--param", `URL=${url}`, "--param", "REGEXP=/[0-9/x/"],
        message: /parameter REGEXP .*\(got "\/\[0-9\/x\/"\)/,
      },
      {
        name: "an unknown provider",
        flags: ["--param", `URL=${url}`, "--provider", "echoo"],
        message: /provider 'echoo' is not installed.* did you mean 'echo'\?/,
      },
      {
        name: "a --param without '='",
        flags: ["--param", "URL"],
        message: /--param expects KEY=VALUE, got "URL"/,
      },
    ];

    for (const { name, flags, message } of cases) {
      it(name, async () => {
        await define();
        const before = await show();
        const result = await runWithStore(app(), ["gateway", "set", "otp", "--provider", "echo", ...flags]);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toMatch(/^smskit: [^\n]+ \(SMSKIT_E_[A-Z_]+\)\n$/);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toContain("s3cret");
        expect(await show()).toEqual(before);
      });
    }
  });
});
