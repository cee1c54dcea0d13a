import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parameterEntries, undescribedParameters } from "@smskit/docgen";
import { describe, expect, it } from "vitest";
import { docsRoot, installedProviders, renderSitePages } from "../scripts/site-pages.mjs";
import { builtText, readable } from "./page-text.js";

const site = await renderSitePages();
const cli = await import("@smskit/cli");

describe("the generated pages", () => {
  it("are what the code renders now: a page that differs from a fresh render is stale", async () => {
    const stale: string[] = [];
    for (const [path, content] of site.pages) {
      const file = join(docsRoot, path);
      if (!existsSync(file) || (await readFile(file, "utf8")) !== content) stale.push(path);
    }
    expect(stale, "rebuild the docs: npm run build").toEqual([]);
  });

  it("include one page per provider package the docs depend on, in the navigation", async () => {
    const own = JSON.parse(await readFile(join(docsRoot, "package.json"), "utf8"));
    const providerPackages = Object.keys(own.dependencies).filter((name) => name.includes("provider-"));
    expect(site.providers.map((provider) => provider.packageName).sort()).toEqual(providerPackages.sort());
    const navigation = JSON.parse(
      await readFile(join(docsRoot, ".vitepress", "generated", "providers.json"), "utf8"),
    );
    expect(navigation).toEqual(
      site.providers.map(({ manifest }) => ({
        text: manifest.displayName,
        link: `/providers/${manifest.id}`,
      })),
    );
  });

  it("are built: each provider's page shows every parameter with its current description", async () => {
    for (const { manifest } of site.providers) {
      const text = await builtText(`providers/${manifest.id}.html`);
      for (const [name, schema] of parameterEntries(manifest)) {
        expect(text, `${manifest.id}: ${name}`).toContain(name);
        expect(text, `${manifest.id}: description of ${name}`).toContain(readable(schema.description ?? ""));
      }
      for (const code of Object.keys(manifest.errorCodes ?? {})) expect(text).toContain(code);
    }
  });

  it("are built: the error catalogue has every code, the CLI reference every command", async () => {
    const core = await import("@smskit/core");
    const errors = await builtText("errors.html");
    for (const code of Object.keys(core.errorCodes)) expect(errors).toContain(code);
    const reference = await builtText("reference/cli.html");
    for (const command of cli.commands) expect(reference).toContain(`smskit ${command.path.join(" ")}`);
    for (const option of cli.globalOptions) expect(reference).toContain(`--${option.name}`);
  });

  it("are built: the API reference has every operation of the demo's OpenAPI document", async () => {
    const page = await readFile(join(docsRoot, "reference", "api.md"), "utf8");
    const text = await builtText("reference/api.html");
    const operations = [...page.matchAll(/^### (GET|PUT|POST|DELETE|PATCH) `(\S+)`$/gm)];
    expect(operations.length).toBeGreaterThan(10);
    for (const [, method, path] of operations) expect(text).toContain(`${method} ${path}`);
    for (const path of ["/api/gateways/{name}", "/api/gateways/{name}/send", "/api/openapi.json"]) {
      expect(text).toContain(path);
    }
  });
});

describe("provider schemas", () => {
  it("describe every parameter of every installed provider", async () => {
    const providers = await installedProviders();
    expect(providers.length).toBeGreaterThan(0);
    for (const { manifest } of providers) expect(undescribedParameters(manifest), manifest.id).toEqual([]);
  });
});
