import {
  ConfigurationError,
  type SmtpServerDefinition,
  type SmtpServerInput,
  type SmtpTlsMode,
} from "@smskit/core";
import { jsonOption } from "../option-specs.js";
import { writeFields, writeJson, writeTable } from "../output.js";
import { usageError } from "../usage-error.js";
import { ValueFiles } from "../value-files.js";
import type { Command, CommandContext } from "./command-context.js";

/**
 * `smskit smtp set <name> --host H --port P --sender ADDRESS ...`: create or replace a
 * central SMTP server. Core validates it before anything is stored; `--password __CENSORED__`
 * keeps the stored password.
 */
async function setSmtpServer({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  if (flags.password !== undefined && flags["password-file"] !== undefined) {
    throw usageError("give the password either with --password or with --password-file, not both");
  }
  const password =
    flags["password-file"] === undefined
      ? flags.password
      : await new ValueFiles(io).read("--password-file", flags["password-file"]);
  const input: SmtpServerInput = {
    name,
    host: flags.host ?? "",
    sender: flags.sender ?? "",
    ...(flags.port === undefined ? {} : { port: flags.port }),
    // Core checks these (and every other field) and reports all problems in one line.
    ...(flags.tls === undefined ? {} : { tls: flags.tls as SmtpTlsMode }),
    ...(flags["verify-tls"] === undefined ? {} : { verifyTls: flags["verify-tls"] }),
    ...(flags.username === undefined ? {} : { username: flags.username }),
    ...(password === undefined ? {} : { password }),
    ...(flags.timeout === undefined ? {} : { timeout: flags.timeout }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
  };
  const saved = await smskit.saveSmtpServer(input);
  io.stdout.write(
    `Saved SMTP server '${saved.name}' (${saved.host}:${saved.port}, ${saved.tls}, revision ${saved.revision}).\n`,
  );
}

/** `smskit smtp list [--json]`: every SMTP server, passwords censored. */
async function listSmtpServers({ io, flags, smskit }: CommandContext): Promise<void> {
  const servers = await smskit.listSmtpServers();
  if (flags.json) {
    writeJson(io.stdout, servers);
    return;
  }
  if (servers.length === 0) {
    io.stdout.write(
      "No SMTP servers are defined. Define one with 'smskit smtp set <name> --host HOST --port PORT --sender ADDRESS ...'.\n",
    );
    return;
  }
  writeTable(
    io.stdout,
    ["NAME", "HOST", "PORT", "TLS", "SENDER", "REVISION", "DESCRIPTION"],
    servers.map((server) => [
      server.name,
      server.host,
      server.port,
      server.tls,
      server.sender,
      server.revision,
      server.description,
    ]),
  );
}

/** `smskit smtp show <name> [--json]`: one SMTP server (password censored) and the gateways using it. */
async function showSmtpServer({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  const server = await smskit.getSmtpServer(name);
  if (!server) throw notFound(name);
  if (flags.json) {
    writeJson(io.stdout, server);
    return;
  }
  const users = await smskit.gatewaysUsingSmtpServer(name);
  writeFields(io.stdout, [
    ["name", server.name],
    ["host", server.host],
    ["port", String(server.port)],
    ["tls", server.tls],
    ["verify tls", server.verifyTls ? "yes" : "no"],
    ["username", server.username === "" ? "(none)" : server.username],
    ["password", passwordText(server)],
    ["sender", server.sender],
    ["timeout", `${server.timeout} s`],
    ["description", server.description],
    ["revision", String(server.revision)],
    ["updated", server.updatedAt],
    ["used by", users.length === 0 ? "(no gateway)" : users.join(", ")],
  ]);
}

/** `smskit smtp delete <name>`: remove an SMTP server that no gateway uses. */
async function deleteSmtpServer({ io, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  if (!(await smskit.deleteSmtpServer(name))) throw notFound(name);
  io.stdout.write(`Deleted SMTP server '${name}'.\n`);
}

/** The password as `show` prints it: never the value, only whether one is set. */
function passwordText(server: SmtpServerDefinition): string {
  return server.password === "" ? "(none)" : "__CENSORED__";
}

function notFound(name: string): ConfigurationError {
  return new ConfigurationError(
    "SMSKIT_E_SMTP_SERVER_NOT_FOUND",
    `SMTP server '${name}' is not defined; list the defined ones with 'smskit smtp list'`,
  );
}

/** The `smtp` commands: each one's specification beside its handler. */
export const smtpCommands: readonly Command[] = [
  {
    spec: {
      path: ["smtp", "set"],
      summary: "create or replace a central SMTP server definition",
      details: [
        "The definition is validated before it is saved and replaces the stored one completely; a refused definition changes nothing. Gateways of the smtp provider name the server in SMTPIDENTIFIER and pick up a change at their next send.",
        "The password is a secret: encrypted at rest and shown as __CENSORED__. --password __CENSORED__ keeps the stored password, --password '' (or leaving the flag out) saves the server without one.",
      ],
      arguments: [
        { name: "name", description: "the server's name: 1 to 64 letters, digits, '.', '_' or '-'" },
      ],
      options: [
        {
          name: "host",
          value: "HOST",
          required: true,
          description: "host name or address of the SMTP server",
        },
        {
          name: "port",
          value: "PORT",
          description: "TCP port: usually 25 (none), 587 (starttls) or 465 (tls) (default 25)",
        },
        {
          name: "tls",
          value: "none|starttls|tls",
          description:
            "none: plain SMTP; starttls: upgrade with STARTTLS (required); tls: implicit TLS from the start (default none)",
        },
        {
          name: "verify-tls",
          value: "yes|no",
          description: "verify the server's TLS certificate (default yes)",
        },
        { name: "username", value: "USER", description: "user name for SMTP AUTH; leave out for none" },
        {
          name: "password",
          value: "PASSWORD",
          description: "password for SMTP AUTH (secret); __CENSORED__ keeps the stored one, '' saves none",
        },
        {
          name: "password-file",
          value: "PATH",
          description:
            "like --password, read from the file PATH (one trailing newline removed; '-' reads standard input), so it does not show in the process list",
        },
        {
          name: "sender",
          value: "ADDRESS",
          required: true,
          description: "the From address of the mails sent",
        },
        {
          name: "timeout",
          value: "SECONDS",
          description: "seconds to wait for the connection and for each answer (default 10, at most 86400)",
        },
        { name: "description", value: "TEXT", description: "what the server is for" },
      ],
      examples: [
        "smskit smtp set relay --host mail.example.com --port 587 --tls starttls \\\n    --username smskit --password s3cret --sender sms@example.com",
        "smskit smtp set relay --host mail.example.com --port 587 --tls starttls --username smskit --password __CENSORED__ \\\n    --sender sms@example.com --timeout 20",
      ],
    },
    store: "write",
    run: setSmtpServer,
  },
  {
    spec: {
      path: ["smtp", "list"],
      summary: "list the central SMTP servers",
      arguments: [],
      options: [jsonOption("the definitions (passwords shown as __CENSORED__)")],
      examples: ["smskit smtp list", "smskit smtp list --json"],
    },
    store: "read",
    run: listSmtpServers,
  },
  {
    spec: {
      path: ["smtp", "show"],
      summary: "show one SMTP server definition (password shown as __CENSORED__) and the gateways using it",
      arguments: [{ name: "name", description: "the SMTP server to show" }],
      options: [
        jsonOption(
          "the definition (name, host, port, tls, verifyTls, username, password, sender, timeout, description, revision)",
        ),
      ],
      examples: ["smskit smtp show relay", "smskit smtp show relay --json"],
    },
    store: "read",
    run: showSmtpServer,
  },
  {
    spec: {
      path: ["smtp", "delete"],
      summary: "delete an SMTP server definition that no gateway uses",
      details: ["A server that gateways still name is not deleted; the error names those gateways."],
      arguments: [{ name: "name", description: "the SMTP server to delete" }],
      options: [],
      examples: ["smskit smtp delete relay"],
    },
    store: "write",
    run: deleteSmtpServer,
  },
];
