// The generated pages of the site, rendered in memory from the code: one page per provider
// package this package depends on (from its manifest), the error catalogue (the definitions of
// core's, the CLI's, the demo's and the providers' codes), the CLI reference (the CLI's command
// specifications) and the demo's HTTP API reference (its OpenAPI document). scripts/generate.mjs writes them;
// the tests compare them with what was built.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(docsRoot, "package.json"));
const docgen = await import("@smskit/docgen");

/** The provider packages among this package's dependencies: name, version, manifest. */
export async function installedProviders() {
  const own = JSON.parse(readFileSync(join(docsRoot, "package.json"), "utf8"));
  const providers = [];
  for (const name of Object.keys(own.dependencies ?? {}).sort()) {
    const manifestFile = require.resolve(`${name}/package.json`);
    const metadata = JSON.parse(readFileSync(manifestFile, "utf8"));
    if (typeof metadata.smskit?.provider !== "string") continue;
    const entry = pathToFileURL(join(dirname(manifestFile), metadata.smskit.provider)).href;
    const module = await import(entry);
    providers.push({ packageName: name, version: metadata.version, manifest: module.default });
  }
  return providers.sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
}

/** The demo app's OpenAPI document, as its server answers GET /api/openapi.json. */
async function demoOpenApi() {
  const demoRoot = dirname(require.resolve("@smskit/demo/package.json"));
  const { buildServer } = await import(pathToFileURL(join(demoRoot, "dist", "server.js")).href);
  const directory = await mkdtemp(join(tmpdir(), "smskit-docs-openapi-"));
  const token = "docs-generator-token-0123456789";
  try {
    const app = await buildServer({
      storePath: join(directory, "smskit.db"),
      adminToken: token,
      environment: { SMSKIT_DOCS_DIR: directory },
    });
    try {
      const answer = await app.inject({
        method: "GET",
        url: "/api/openapi.json",
        headers: { authorization: `Bearer ${token}` },
      });
      if (answer.statusCode !== 200)
        throw new Error(`the demo answered ${answer.statusCode} for its OpenAPI document`);
      return answer.json();
    } finally {
      await app.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function demoModule(file) {
  const demoRoot = dirname(require.resolve("@smskit/demo/package.json"));
  return import(pathToFileURL(join(demoRoot, "dist", file)).href);
}

/**
 * Every generated page: a Map from the path under docs/ to its Markdown, and the navigation
 * entries of the providers (`{ text, link }`).
 */
export async function renderSitePages() {
  const { coreErrors } = await import("@smskit/provider");
  const cli = await import("@smskit/cli");
  const { demoErrors } = await demoModule("demo-errors.js");
  const providers = await installedProviders();
  const pages = new Map();
  for (const { packageName, version, manifest } of providers) {
    pages.set(
      `providers/${manifest.id}.md`,
      docgen.renderProviderPage(manifest, { packageName, version, errorCatalogueLink: "../errors.md" }),
    );
  }
  pages.set("providers/index.md", providerIndex(providers));
  // Every code with its definition: the HTTP status and the retry columns are the definitions'.
  const sources = [
    { title: "@smskit/core", definitions: coreErrors },
    { title: "@smskit/cli (the command line)", definitions: cli.cliErrors },
    { title: "@smskit/demo (its HTTP API)", definitions: demoErrors },
    ...providers.map(({ packageName, manifest }) => ({
      title: `${packageName} (provider ${manifest.id})`,
      link: `providers/${manifest.id}.md`,
      definitions: manifest.errors ?? {},
      codes: manifest.errorCodes ?? {},
    })),
  ];
  pages.set(
    "errors.md",
    docgen.renderErrorCatalogue({
      sources,
      generatedFrom: "the error definitions of core, the CLI, the demo app and the providers",
      httpStatus: true,
    }),
  );
  pages.set(
    "reference/cli.md",
    docgen.renderCliReference({
      program: "smskit",
      commands: cli.commands,
      groups: cli.groups,
      globalOptions: [...cli.globalOptions, cli.versionOption],
      exitCodes: cli.exitCodeMeanings,
      environment: cli.environmentVariables,
    }),
  );
  pages.set("reference/api.md", docgen.renderApiReference(await demoOpenApi()));
  const navigation = providers.map(({ manifest }) => ({
    text: manifest.displayName,
    link: `/providers/${manifest.id}`,
  }));
  return { pages, navigation, providers };
}

function providerIndex(providers) {
  const lines = [
    docgen.generatedNote("the provider packages the docs depend on"),
    "",
    "# Providers",
    "",
    "Every provider package installed beside `@smskit/core` is discovered; these are the ones this",
    "site documents. Each page is generated from the provider's manifest.",
    "",
    "| provider | kind | package | what it talks to |",
    "| --- | --- | --- | --- |",
  ];
  for (const { packageName, manifest } of providers) {
    const description = manifest.description.replace(/\|/g, "\\|").replace(/</g, "&lt;");
    lines.push(
      `| [${manifest.displayName}](./${manifest.id}.md) | \`${manifest.kind}\` | \`${packageName}\` | ${description} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
