import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "@smskit/browser-test";
import { parameterEntries } from "@smskit/docgen";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedProviders } from "../scripts/site-pages.mjs";
import { distDirectory } from "./page-text.js";

const screenshots = join(import.meta.dirname, "..", ".test-results", "screenshots");
const demoRoot = dirname(createRequire(import.meta.url).resolve("@smskit/demo/package.json"));
const { buildServer, startServer } = await import(pathToFileURL(join(demoRoot, "dist", "server.js")).href);
const cli = await import("@smskit/cli");
const providers = await installedProviders();

let directory: string;
// biome-ignore lint/suspicious/noExplicitAny: the demo's server is imported from its build.
let app: any;
let docs: string;
let browser: Browser;
let context: BrowserContext;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  directory = await mkdtemp(join(tmpdir(), "smskit-docs-browser-"));
  // The built site, served the way users meet it: by the demo app under /docs/.
  app = await buildServer({
    storePath: join(directory, "smskit.db"),
    adminToken: "docs-browser-test-token-0123456789",
    environment: { SMSKIT_DOCS_DIR: distDirectory },
  });
  const url: string = await startServer(app, { host: "127.0.0.1", port: 0 });
  docs = `${url}docs/`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** The texts of a page's headings of one level, without VitePress's anchor marks. */
async function headings(page: Page, level: number): Promise<string[]> {
  await page.locator(`.vp-doc h${level}`).first().waitFor();
  const texts = await page.locator(`.vp-doc h${level}`).allTextContents();
  return texts.map((text) => text.replace(/\u200b/g, "").trim());
}

/** A page that records script errors and CSP refusals. */
async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`${path}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${path}: ${message.text()}`);
  });
  await page.goto(`${docs}${path}`);
  return page;
}

describe("the docs site in Chromium, served by the demo app", () => {
  it("opens the start page", async () => {
    const page = await open("");
    await page.getByRole("heading", { name: "smskit", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Quick start" }).first().waitFor();
    await page.screenshot({ path: join(screenshots, "start.png") });
    await page.close();
    expect(problems).toEqual([]);
  });

  it("shows every parameter of every provider on its page", async () => {
    expect(providers.length).toBeGreaterThan(0);
    for (const { manifest } of providers) {
      const page = await open(`providers/${manifest.id}.html`);
      await page.getByRole("heading", { level: 1 }).filter({ hasText: manifest.displayName }).waitFor();
      const shown = await headings(page, 3);
      for (const [name] of parameterEntries(manifest)) expect(shown, manifest.id).toContain(name);
      // The sidebar lists every provider.
      for (const other of providers) {
        await page.locator(".VPSidebar").getByRole("link", { name: other.manifest.displayName }).waitFor();
      }
      await page.screenshot({ path: join(screenshots, `provider-${manifest.id}.png`), fullPage: true });
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it("finds SMSC_HOST with the search box and lands on the SMPP page", async () => {
    const page = await open("");
    await page.locator(".VPNavBarSearch button").click();
    const input = page.locator("#localsearch-input");
    await input.fill("SMSC_HOST");
    const result = page.locator(".VPLocalSearchBox .result").filter({ hasText: "SMSC_HOST" }).first();
    await result.waitFor();
    await page.screenshot({ path: join(screenshots, "search-smsc-host.png") });
    await result.click();
    await page.waitForURL(/\/docs\/providers\/smpp\.html/);
    await page.getByRole("heading", { name: "SMSC_HOST", level: 3 }).waitFor();
    await page.close();
    expect(problems).toEqual([]);
  });

  it("lists every command of the CLI in the CLI reference", async () => {
    const page = await open("reference/cli.html");
    await page.getByRole("heading", { name: "CLI reference", level: 1 }).waitFor();
    const shown = await headings(page, 2);
    for (const command of cli.commands) expect(shown).toContain(`smskit ${command.path.join(" ")}`);
    await page.screenshot({ path: join(screenshots, "cli-reference.png") });
    await page.close();
    expect(problems).toEqual([]);
  });
});
