import { errorRows, retryExplanation } from "./error-catalogue.js";
import { cliExample, cliGatewaySet, libraryExample } from "./examples.js";
import {
  type ManifestView,
  type PropertyView,
  parameterEntries,
  undescribedParameters,
} from "./manifest-view.js";
import { cell, code, codeCell, fence, generatedNote, json, page, prose, table } from "./markdown.js";

/** What a provider page says about the package besides its manifest. */
export interface ProviderPageOptions {
  /** The npm package, e.g. `@smskit/provider-smpp`. */
  readonly packageName: string;
  /** Its version, shown beside the name. */
  readonly version?: string;
  /** The link to the error catalogue, when the page is part of a site. */
  readonly errorCatalogueLink?: string;
}

/** A parameter's type in words: `string`, `integer or string`, `one of …`. */
export function typeName(schema: PropertyView): string {
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  if (typeof schema.type === "string") return schema.type;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeName).join(" or ");
  return "any";
}

function assertDescribed(manifest: ManifestView): void {
  const missing = undescribedParameters(manifest);
  if (missing.length > 0) {
    throw new Error(
      `provider '${manifest.id}': every parameter needs a description; missing for ${missing.join(", ")}`,
    );
  }
}

/**
 * The parameters as a Markdown table (name, type, required, default, secret, description),
 * for a provider package's README. Throws when a parameter has no description.
 */
export function renderParameterTable(manifest: ManifestView): string {
  assertDescribed(manifest);
  const required = new Set(manifest.parameters.required ?? []);
  const rows = parameterEntries(manifest).map(([name, schema]) => [
    code(name),
    cell(schema.enum ? `one of ${schema.enum.map((value) => json(value)).join(", ")}` : typeName(schema)),
    required.has(name) ? "yes" : "",
    schema.default === undefined ? "" : codeCell(json(schema.default)),
    schema.writeOnly ? "yes" : "",
    cell(schema.description ?? ""),
  ]);
  return `${table(["parameter", "type", "required", "default", "secret", "description"], rows).join("\n")}\n`;
}

function parameterSection(name: string, schema: PropertyView, required: boolean): string[] {
  const facts = [`**Type:** ${prose(typeName(schema))}`, `**Required:** ${required ? "yes" : "no"}`];
  if (schema.default !== undefined) facts.push(`**Default:** ${code(json(schema.default))}`);
  if (schema.enum) facts.push(`**One of:** ${schema.enum.map((value) => code(json(value))).join(", ")}`);
  if (schema.format) facts.push(`**Format:** ${code(schema.format)}`);
  if (schema.minimum !== undefined) facts.push(`**Minimum:** ${schema.minimum}`);
  if (schema.maximum !== undefined) facts.push(`**Maximum:** ${schema.maximum}`);
  if (schema.examples?.length) {
    facts.push(`**Examples:** ${schema.examples.map((example) => code(json(example))).join(", ")}`);
  }
  if (schema["x-aliases"]?.length) {
    facts.push(`**Also accepted as:** ${schema["x-aliases"].map((alias) => code(alias)).join(", ")}`);
  }
  facts.push(
    schema.writeOnly
      ? "**Secret:** yes — encrypted at rest, shown as `__CENSORED__`, never logged"
      : "**Secret:** no",
  );
  return [`### ${name}`, "", prose(schema.description ?? ""), "", ...facts.map((fact) => `- ${fact}`), ""];
}

/**
 * A provider's documentation page from its manifest: description, package, kind, every
 * parameter (type, required, default, enum, format, examples, secret), options and headers,
 * presets with a ready `smskit gateway set`, its error codes with what a retry means,
 * privacyIDEA names, and a CLI and a library example. Throws when a parameter has no description.
 */
export function renderProviderPage(manifest: ManifestView, options: ProviderPageOptions): string {
  assertDescribed(manifest);
  const required = new Set(manifest.parameters.required ?? []);
  const packageLabel = options.version ? `${options.packageName}@${options.version}` : options.packageName;
  const lines = [
    generatedNote(`the manifest of ${options.packageName}`),
    "",
    `# ${prose(manifest.displayName)} (${code(manifest.id)})`,
    "",
    prose(manifest.description),
    "",
    `- **Package:** ${code(packageLabel)} — add it to your application's dependencies next to \`@smskit/core\` and it is discovered.`,
    `- **Kind:** ${code(manifest.kind)} — the recipient is ${manifest.kind === "push" ? "a device registration token" : "a phone number"}.`,
    `- **Free options** (\`--option\`): ${manifest.optionsAllowed ? "accepted; values may contain `{phone}` and `{otp}`" : "not accepted"}.`,
    `- **HTTP headers** (\`--header\`): ${manifest.headersAllowed ? "accepted; values may contain `{phone}` and `{otp}`" : "not accepted"}.`,
  ];
  if (manifest.legacyNames?.length) {
    lines.push(
      `- **privacyIDEA names:** ${manifest.legacyNames.map((name) => code(name)).join(", ")} — a privacyIDEA export naming one of them imports as this provider.`,
    );
  }
  if (manifest.docsUrl) lines.push(`- **Upstream documentation:** <${manifest.docsUrl}>`);
  lines.push("", "## Parameters", "");
  const entries = parameterEntries(manifest);
  if (entries.length === 0) lines.push("This provider takes no parameters.", "");
  for (const [name, schema] of entries) lines.push(...parameterSection(name, schema, required.has(name)));

  lines.push("## Example", "", "With the CLI:", "", ...cliExample(manifest), "");
  lines.push("As a library:", "", ...libraryExample(manifest, options.packageName), "");

  if (manifest.presets?.length) {
    lines.push(
      "## Presets",
      "",
      "A preset fills in parameters, options and headers; flags override them.",
      "",
    );
    for (const preset of manifest.presets) {
      const { name, description, ...definition } = preset;
      lines.push(`### ${prose(name)}`, "", prose(description), "");
      lines.push(...fence("sh", cliGatewaySet(manifest, name, preset)), "");
      lines.push("What it sets:", "", ...fence("json", JSON.stringify(definition, null, 2)), "");
    }
  }

  const source = { definitions: manifest.errors ?? {}, codes: manifest.errorCodes ?? {} };
  lines.push("## Error codes", "");
  const rows = errorRows(source);
  if (rows.length === 0) {
    lines.push("This provider raises only core's codes.", "");
  } else {
    lines.push(...retryExplanation, "");
    lines.push(...table(["code", "meaning", "retry safe", "delivery unknown"], rows), "");
  }
  if (options.errorCatalogueLink) {
    lines.push(`Core's own codes are in the [error catalogue](${options.errorCatalogueLink}).`, "");
  }
  return page(lines);
}
