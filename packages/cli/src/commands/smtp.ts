import type { ConfigurationError, SmtpServerDefinition, SmtpServerInput, SmtpTlsMode } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { writeFields, writeJson, writeTable } from "../output.js";
import { usageError } from "../usage-error.js";
import { ValueFiles } from "../value-files.js";
import type { CommandContext } from "./command-context.js";

/**
 * `smskit smtp set <name> --host H --port P --sender ADDRESS ...`: create or replace a
 * central SMTP server. Core validates it before anything is stored; `--password __CENSORED__`
 * keeps the stored password.
 */
export async function setSmtpServer({
  io,
  flags,
  arguments: [name = ""],
  smskit,
}: CommandContext): Promise<void> {
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
export async function listSmtpServers({ io, flags, smskit }: CommandContext): Promise<void> {
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
export async function showSmtpServer({
  io,
  flags,
  arguments: [name = ""],
  smskit,
}: CommandContext): Promise<void> {
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
export async function deleteSmtpServer({
  io,
  arguments: [name = ""],
  smskit,
}: CommandContext): Promise<void> {
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
