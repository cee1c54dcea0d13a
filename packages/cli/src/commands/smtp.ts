import type { ConfigurationError, SmtpServerDefinition } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { jsonOption } from "../option-specs.js";
import { writeFields, writeJson, writeTable } from "../output.js";
import type { Command, CommandContext } from "./command-context.js";
import { smtpSetCommand } from "./smtp-set.js";

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
  return coreErrors.SMSKIT_E_SMTP_SERVER_NOT_FOUND.create({
    server: `SMTP server '${name}'`,
    hint: "; list the defined ones with 'smskit smtp list'",
  });
}

/** The `smtp` commands: each one's specification beside its handler. */
export const smtpCommands: readonly Command[] = [
  smtpSetCommand,
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
