import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands, groups } from "../src/command-specs.js";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { run } from "./support/run.js";

const define = ["gateway", "set", "otp", "--provider", "echo", "--param", "URL=http://127.0.0.1:9/"];

describe("the smskit command line", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  it("prints the version", async () => {
    const result = await run(app, ["--version"]);
    expect(result).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("prints help on --help and -h for smskit, every group and every command, describing every flag", async () => {
    const targets = [[], ...groups.map((group) => group.path), ...commands.map((command) => command.path)];
    for (const path of targets) {
      for (const flag of ["--help", "-h"]) {
        const result = await run(app, [...path, flag]);
        expect(result.code, `${path.join(" ")} ${flag}`).toBe(0);
        expect(result.stderr).toBe("");
        expect(result.stdout).toMatch(new RegExp(`^smskit${path.map((word) => ` ${word}`).join("")} — `));
        expect(result.stdout).toContain("--store PATH");
        expect(result.stdout).toContain("--help");
      }
    }
    for (const command of commands) {
      const help = (await run(app, [...command.path, "--help"])).stdout;
      for (const option of command.options) expect(help).toContain(`--${option.name}`);
      for (const argument of command.arguments) expect(help).toContain(`<${argument.name}>`);
      expect(help).toContain("Exit codes: 0 success, 1 delivery failed, 2 usage or configuration error.");
    }
    expect((await run(app, ["help", "gateway", "show"])).stdout).toBe(
      (await run(app, ["gateway", "show", "-h"])).stdout,
    );
  });

  it("lists the SMTP, export, import and secrets commands in 'smskit --help'", async () => {
    const help = (await run(app, ["--help"])).stdout;
    for (const command of [
      "smtp set",
      "smtp list",
      "smtp show",
      "smtp delete",
      "export",
      "import",
      "secrets rotate",
    ]) {
      expect(help).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"));
    }
    const rotate = (await run(app, ["help", "secrets", "rotate"])).stdout;
    expect(rotate).toContain("Usage: smskit secrets rotate --new-key-file PATH");
    expect(rotate).toContain("<store>.key.old");
  });

  it("refuses the new commands' usage errors with exit 2 and one line", async () => {
    const cases: [string[], RegExp][] = [
      [["smtp"], /^smskit: 'smskit smtp' needs a sub-command: set, list, show, delete \(SMSKIT_E_USAGE\)\n$/],
      [
        ["secrets", "rotat"],
        /unknown command 'smskit secrets rotat' \(did you mean 'smskit secrets rotate'\?\)/,
      ],
      [["export", "--dry-run"], /'smskit export' does not accept --dry-run/],
      [["import", "a.json", "--censor"], /'smskit import' does not accept --censor/],
      [["smtp", "show"], /'smskit smtp show' needs the argument <name>/],
      [["secrets", "rotate"], /'smskit secrets rotate' needs --new-key-file PATH/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(app, argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^smskit: [^\n]+ \(SMSKIT_E_USAGE\)\n$/);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(app.directory, "smskit.db"))).toBe(false);
  });

  it("lists a provider's parameters and presets in 'gateway set --provider ID --help'", async () => {
    const result = await run(app, ["gateway", "set", "--provider", "echo", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Parameters of provider 'echo' (Echo test provider):");
    expect(result.stdout).toMatch(/^ {2}URL +Where messages are POSTed\. \(text, http-url, required\)$/m);
    expect(result.stdout).toMatch(
      /^ {2}HTTP_METHOD +The request method\. \(one of GET, POST, default "POST"\)$/m,
    );
    expect(result.stdout).toMatch(/^ {2}PASSWORD +.*\(text, secret\)$/m);
    expect(result.stdout).toContain("Options (--option): accepted; headers (--header): not accepted");
    expect(result.stdout).toMatch(/^ {2}local +A gateway on this machine; give URL\.$/m);
  });

  it("accepts --store anywhere on the line", async () => {
    const store = join(app.directory, "elsewhere.db");
    expect((await run(app, ["--store", store, ...define])).code).toBe(0);
    expect((await run(app, ["gateway", "--store", store, "show", "otp"])).code).toBe(0);
    expect((await run(app, ["gateway", "show", `--store=${store}`, "otp"])).code).toBe(0);
    expect((await run(app, ["gateway", "show", "otp", "--store", store, "--json"])).code).toBe(0);
    expect(existsSync(join(app.directory, "smskit.db"))).toBe(false);
  });

  it("takes the store from SMSKIT_STORE, and --store over it", async () => {
    const fromEnvironment = join(app.directory, "from-env.db");
    const env = { SMSKIT_STORE: fromEnvironment };
    expect((await run(app, define, { env })).code).toBe(0);
    expect(existsSync(fromEnvironment)).toBe(true);
    expect((await run(app, ["gateway", "show", "otp"], { env })).code).toBe(0);
    const flag = await run(app, ["gateway", "show", "otp", "--store", join(app.directory, "other.db")], {
      env,
    });
    expect(flag.code).toBe(2);
  });

  it("defaults to ./smskit.db in the working directory, and resolves a relative --store there", async () => {
    expect((await run(app, define)).code).toBe(0);
    expect(existsSync(join(app.directory, "smskit.db"))).toBe(true);
    // A store's directory is not made: a typo in --store is an error, not a new directory tree.
    const refused = await run(app, [...define, "--store", "sub/relative.db"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `the directory of the store ${join(app.directory, "sub", "relative.db")} does not exist`,
    );
    expect(existsSync(join(app.directory, "sub"))).toBe(false);
    await mkdir(join(app.directory, "sub"));
    expect((await run(app, [...define, "--store", "sub/relative.db"])).code).toBe(0);
    expect(existsSync(join(app.directory, "sub", "relative.db"))).toBe(true);
  });

  describe("refuses with exit code 2 and one line", () => {
    const cases: { name: string; argv: string[]; stderr: string | RegExp }[] = [
      {
        name: "no command",
        argv: [],
        stderr: "smskit: no command given; run 'smskit --help' to see the commands (SMSKIT_E_USAGE)\n",
      },
      {
        name: "an unknown command",
        argv: ["provider", "--json"],
        stderr:
          "smskit: unknown command 'provider' (did you mean 'providers'?); run 'smskit --help' to see the commands (SMSKIT_E_USAGE)\n",
      },
      {
        name: "an unknown sub-command",
        argv: ["gateway", "lst"],
        stderr:
          "smskit: unknown command 'smskit gateway lst' (did you mean 'smskit gateway list'?); the sub-commands are set, list, show, delete (SMSKIT_E_USAGE)\n",
      },
      {
        name: "a group without a sub-command",
        argv: ["gateway"],
        stderr: "smskit: 'smskit gateway' needs a sub-command: set, list, show, delete (SMSKIT_E_USAGE)\n",
      },
      {
        name: "an unknown flag",
        argv: ["gateway", "list", "--jsn"],
        stderr:
          "smskit: unknown flag --jsn for 'smskit gateway list' (did you mean --json?); run 'smskit gateway list --help' to see the flags (SMSKIT_E_USAGE)\n",
      },
      {
        name: "a message that starts with '-' before '--'",
        argv: ["send", "otp", "+1", "-5 degrees"],
        stderr:
          "smskit: unknown flag -5 for 'smskit send'; run 'smskit send --help' to see the flags; an argument that starts with '-' goes after '--' (SMSKIT_E_USAGE)\n",
      },
      {
        name: "a flag another command takes",
        argv: ["gateway", "delete", "otp", "--json"],
        stderr:
          "smskit: 'smskit gateway delete' does not accept --json; run 'smskit gateway delete --help' to see its flags (SMSKIT_E_USAGE)\n",
      },
      {
        name: "a flag without its value",
        argv: ["gateway", "list", "--store"],
        stderr: "smskit: --store needs a value, e.g. --store PATH (SMSKIT_E_USAGE)\n",
      },
      {
        name: "a value for a switch",
        argv: ["gateway", "list", "--json=yes"],
        stderr: "smskit: --json is a switch and takes no value; write --json alone (SMSKIT_E_USAGE)\n",
      },
      {
        name: "a missing argument",
        argv: ["send", "otp", "+1"],
        stderr:
          /^smskit: 'smskit send' needs the argument <message> \(.*\); usage: smskit send <target> <to> <message> \(SMSKIT_E_USAGE\)\n$/,
      },
      {
        name: "an extra argument",
        argv: ["send", "otp", "+1", "hello", "world"],
        stderr:
          "smskit: 'smskit send' got an unexpected argument 'world'; usage: smskit send <target> <to> <message> (quote a message that has spaces) (SMSKIT_E_USAGE)\n",
      },
      {
        name: "gateway set without --provider",
        argv: ["gateway", "set", "otp", "--param", "URL=http://127.0.0.1:9/"],
        stderr:
          "smskit: 'smskit gateway set' needs --provider ID; installed providers: echo (SMSKIT_E_USAGE)\n",
      },
      {
        name: "an invalid gateway name",
        argv: ["gateway", "set", "bad name", "--provider", "echo", "--param", "URL=http://127.0.0.1:9/"],
        stderr:
          /^smskit: gateway 'bad name': name "bad name" is not a valid gateway name; .* \(SMSKIT_E_GATEWAY_INVALID\)\n$/,
      },
    ];
    for (const { name, argv, stderr } of cases) {
      it(name, async () => {
        const result = await run(app, argv);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        if (typeof stderr === "string") expect(result.stderr).toBe(stderr);
        else expect(result.stderr).toMatch(stderr);
      });
    }
  });

  it("exits 2 when the application's package.json cannot be read", async () => {
    const result = await run({ ...app, packageJson: join(app.directory, "missing.json") }, ["providers"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^smskit: cannot read the providers from .*missing\.json: .* \(SMSKIT_E_DISCOVERY_IMPORT\)\n$/,
    );
  });

  it("exits 2 when SMSKIT_SECRET_KEY is malformed", async () => {
    const result = await run(app, ["gateway", "list"], { env: { SMSKIT_SECRET_KEY: "too-short" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^smskit: [^\n]*SMSKIT_SECRET_KEY[^\n]* \(SMSKIT_E_SECRET_KEY\)\n$/);
    expect((await run(app, ["gateway", "list"])).code).toBe(0);
  });

  it("exits 2 when the store cannot be opened", async () => {
    const result = await run(app, ["gateway", "list", "--store", app.directory]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^smskit: cannot open the store .* \(SMSKIT_E_STORE\)\n$/);
  });
});
