import { type ManifestView, type PresetView, type PropertyView, parameterEntries } from "./manifest-view.js";
import { fence, shellWord } from "./markdown.js";

/** An example value of a parameter: its first schema example, else its enum's first, its default or one of its type. */
export function exampleValue(schema: PropertyView): unknown {
  if (schema.examples && schema.examples.length > 0) return schema.examples[0];
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return true;
  return schema.writeOnly ? "s3cret" : "…";
}

/** The parameters an example sets: the required ones and those with schema examples. */
function exampleParameters(manifest: ManifestView, preset?: PresetView): [string, unknown][] {
  const required = new Set(manifest.parameters.required ?? []);
  return parameterEntries(manifest)
    .filter(([name, schema]) => {
      if (preset?.parameters && name in preset.parameters) return false;
      return required.has(name) || (!preset && (schema.examples?.length ?? 0) > 0);
    })
    .map(([name, schema]) => [name, exampleValue(schema)]);
}

function cliValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The recipient an example sends to. */
export function exampleRecipient(manifest: ManifestView): string {
  return manifest.kind === "push" ? "DEVICE-REGISTRATION-TOKEN" : "+4917012345678";
}

/** `smskit gateway set …` for the manifest's examples (or from a preset), one flag per line. */
export function cliGatewaySet(manifest: ManifestView, name: string, preset?: PresetView): string {
  const words = [`smskit gateway set ${shellWord(name)} --provider ${shellWord(manifest.id)}`];
  if (preset) words.push(`--preset ${shellWord(preset.name)}`);
  for (const [parameter, value] of exampleParameters(manifest, preset)) {
    words.push(`--param ${shellWord(`${parameter}=${cliValue(value)}`)}`);
  }
  // What the preset leaves empty for the user to fill in (secret ones as secrets).
  const blanks = (
    entries: Readonly<Record<string, string>> | undefined,
    flag: string,
    secret?: readonly string[],
  ) => {
    for (const [key, value] of Object.entries(entries ?? {})) {
      if (value !== "") continue;
      words.push(`--${secret?.includes(key) ? `secret-${flag}` : flag} ${shellWord(`${key}=…`)}`);
    }
  };
  blanks(preset?.options, "option", preset?.secretOptions);
  blanks(preset?.headers, "header", preset?.secretHeaders);
  return words.join(" \\\n    ");
}

/** The CLI example: define a gateway from the schema's examples and send through it. */
export function cliExample(manifest: ManifestView): string[] {
  const name = `my-${manifest.id}`;
  return fence(
    "sh",
    [
      cliGatewaySet(manifest, name),
      `smskit send ${shellWord(name)} ${exampleRecipient(manifest)} 'Your code is 123456'`,
    ].join("\n"),
  );
}

/** The library example: the same gateway saved through `@smskit/core`, then a send. */
export function libraryExample(manifest: ManifestView, packageName: string): string[] {
  const name = `my-${manifest.id}`;
  const parameters = Object.fromEntries(exampleParameters(manifest));
  const body = JSON.stringify(parameters, null, 2).replace(/\n/g, "\n  ");
  return fence(
    "ts",
    [
      'import { createSmskit, SqliteGatewayStore } from "@smskit/core";',
      "",
      `// ${packageName} is a dependency in package.json: discovery finds it.`,
      "const smskit = await createSmskit({",
      '  store: await SqliteGatewayStore.open("./smskit.db"),',
      '  discover: { packageJson: new URL("./package.json", import.meta.url).pathname },',
      "});",
      "await smskit.saveGateway({",
      `  name: ${JSON.stringify(name)},`,
      `  provider: ${JSON.stringify(manifest.id)},`,
      `  parameters: ${body},`,
      "});",
      `const result = await smskit.send(${JSON.stringify(name)}, ${JSON.stringify(exampleRecipient(manifest))}, "Your code is 123456");`,
      "console.log(result.messageId);",
      "await smskit.close();",
    ].join("\n"),
  );
}
