import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ImportFormat, ImportOutcome, ImportReport } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { jsonOption } from "../option-specs.js";
import { writeErrorLine, writeJson } from "../output.js";
import { readStandardInput } from "../standard-input.js";
import { usageError } from "../usage-error.js";
import type { Command, CommandContext } from "./command-context.js";

/**
 * `smskit export [--censor]`: every gateway, SMTP server and route as one JSON document on standard
 * output. Without `--censor` the secrets are in clear text, and a warning on stderr says so.
 */
async function exportDefinitions({ io, flags, smskit }: CommandContext): Promise<void> {
  const censor = flags.censor === true;
  const document = await smskit.exportDefinitions({ censor });
  if (!censor) {
    writeErrorLine(
      io.stderr,
      "warning: the export holds every secret in clear text; keep it like the key, or use --censor",
    );
  }
  writeJson(io.stdout, document);
}

/**
 * `smskit import FILE [--dry-run] [--json]`: import smskit's export or privacyIDEA's gateway or
 * configuration export (FILE `-` is standard input). Validated whole: one problem refuses
 * everything and nothing is written.
 */
async function importDefinitions({
  io,
  flags,
  arguments: [file = ""],
  smskit,
}: CommandContext): Promise<void> {
  const source = file === "-" ? "standard input" : resolve(io.cwd, file);
  const text = file === "-" ? await readStandardInput(io) : await readImportFile(source);
  const document = parseDocument(text, source);
  const report = await smskit.importDefinitions(document, { dryRun: flags["dry-run"] === true });
  if (flags.json) {
    writeJson(io.stdout, report);
    return;
  }
  io.stdout.write(describeReport(report));
}

/** What an import did, as a few lines a person can read. */
function describeReport(report: ImportReport): string {
  const heading = report.dryRun
    ? `Dry run of an import from ${formatNames[report.format]}: nothing was written. It would have:`
    : `Imported from ${formatNames[report.format]}:`;
  return [
    heading,
    `  gateways:     ${describeOutcome(report.gateways)}`,
    `  SMTP servers: ${describeOutcome(report.smtpServers)}`,
    ...(report.routes ? [`  routes:       ${describeOutcome(report.routes)}`] : []),
    "",
  ].join("\n");
}

function describeOutcome(outcome: ImportOutcome): string {
  return (["created", "updated", "unchanged"] as const)
    .map((kind) => {
      const names = outcome[kind];
      return `${kind} ${names.length}${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
    })
    .join(", ");
}

const formatNames: Readonly<Record<ImportFormat, string>> = {
  smskit: "an smskit export",
  "privacyidea-gateways": "a privacyIDEA gateway export",
  "privacyidea-config": "a privacyIDEA configuration export",
};

async function readImportFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw usageError(`cannot read the import file ${path}: ${(error as Error).message}`);
  }
}

function parseDocument(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
  } catch (error) {
    throw coreErrors.SMSKIT_E_IMPORT_INVALID.create({
      problems: `${source} is not a JSON document (${(error as Error).message})`,
    });
  }
}

/** `smskit export`: its specification beside its handler. */
export const exportCommand: Command = {
  spec: {
    path: ["export"],
    summary: "write every gateway and SMTP server as one JSON document to standard output",
    details: [
      "Without --censor the document holds every secret in clear text (a warning on standard error says so): treat the file like the key. With --censor every secret is __CENSORED__; importing such a document keeps the secrets already stored.",
    ],
    arguments: [],
    options: [{ name: "censor", description: "show every secret as __CENSORED__" }],
    examples: ["smskit export > gateways.json", "smskit export --censor"],
  },
  store: "read",
  run: exportDefinitions,
};

/** `smskit import`: its specification beside its handler. */
export const importCommand: Command = {
  spec: {
    path: ["import"],
    summary: "import smskit's export or privacyIDEA's gateway or configuration export",
    details: [
      "The whole document is validated first: one problem anywhere refuses the import, lists every problem and writes nothing. Otherwise every gateway and SMTP server is created or replaced in one transaction, and the command says what it created, updated and left unchanged.",
      "privacyIDEA's gateways keep parameters and free options together; they are split by the provider's schema. Secrets given as __CENSORED__ keep the stored values.",
    ],
    arguments: [{ name: "file", description: "the JSON document; '-' reads it from standard input" }],
    options: [
      { name: "dry-run", description: "validate and report what would change, without writing anything" },
      jsonOption("the report (format, dryRun, gateways and smtpServers: created, updated, unchanged)"),
    ],
    examples: [
      "smskit import gateways.json",
      "smskit import privacyidea-config.json --dry-run --script-dir /etc/smskit/scripts",
      "smskit export | ssh other-host smskit import -",
    ],
  },
  store: "write",
  run: importDefinitions,
};
