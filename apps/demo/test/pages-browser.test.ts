import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launchChromium } from "@smskit/browser-test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

const screenshots = join(import.meta.dirname, "..", ".test-results", "screenshots");

let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  demo = await startDemo();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  context.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await demo?.close();
});

/** A signed-in page that records script errors. */
async function signedIn(): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${demo.url}#token=${testToken}`);
  await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
  return { page, pageErrors };
}

describe("every page of the web UI in Chromium", () => {
  it("opens each page from the navigation without a script error", async () => {
    const { page, pageErrors } = await signedIn();
    const pages = [
      ["Gateways", "Gateways"],
      ["Routes", "Routes"],
      ["Providers", "Providers"],
      ["Bulk", "Bulk send"],
      ["Messages", "Messages"],
      ["Sandbox inbox", "Sandbox inbox"],
      ["SMTP servers", "SMTP servers"],
      ["Import / export", "Import and export"],
    ] as const;
    for (const [link, heading] of pages) {
      await page.getByRole("navigation").getByRole("link", { name: link, exact: true }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      expect(await page.locator("nav a[aria-current=page]").textContent()).toBe(link);
    }
    await page.getByRole("navigation").getByRole("link", { name: "Providers" }).click();
    const http = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "HTTP gateway" }) });
    await http.getByText("Parameters (", { exact: false }).click();
    expect(await http.locator("tbody th").first().textContent()).toBe("URL *");
    await page.screenshot({ path: join(screenshots, "providers-page.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("creates an SMTP server through the form generated from its schema, its password censored", async () => {
    const { page, pageErrors } = await signedIn();
    await page.getByRole("link", { name: "SMTP servers" }).click();
    await page.getByRole("button", { name: "New SMTP server" }).click();
    await page.getByRole("button", { name: "Save SMTP server" }).click();
    expect(await page.locator("#smtp-name-error").textContent()).toBe("enter a name for the SMTP server");
    await page.locator("#smtp-name").fill("mail");
    await page.locator("#smtp-host").fill("127.0.0.1");
    await page.locator("#smtp-sender").fill("not an address");
    await page.locator("#smtp-password").fill("smtp-secret");
    await page.getByRole("button", { name: "Save SMTP server" }).click();
    await page.locator(".error-summary").waitFor({ state: "visible" });
    expect(await page.locator("#smtp-sender").getAttribute("aria-invalid")).toBe("true");
    await page.locator("#smtp-sender").fill("sms@example.com");
    await page.getByRole("button", { name: "Save SMTP server" }).click();
    await page.getByRole("heading", { name: "mail", level: 2 }).waitFor();
    expect((await demo.request("GET", "/api/export")).json.smtpServers.mail.password).toBe("smtp-secret");

    await page.getByRole("button", { name: "Edit mail" }).click();
    expect(await page.locator("#smtp-password").inputValue()).toBe("");
    expect(await page.content()).not.toContain("smtp-secret");
    await page.screenshot({ path: join(screenshots, "smtp-server-form.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("imports a document with a dry run first, then for real", async () => {
    const { page, pageErrors } = await signedIn();
    await page.getByRole("link", { name: "Import / export" }).click();
    const document = {
      smskit: 1,
      gateways: {
        imported: { provider: "http", parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET" } },
      },
      smtpServers: {},
    };
    await page.getByLabel("Document").fill(JSON.stringify(document));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect
      .poll(() => page.locator(".import-report").textContent())
      .toContain("Dry run (nothing written) — format smskit.");
    expect((await demo.request("GET", "/api/gateways/imported")).status).toBe(404);
    await page.getByLabel("Dry run: only report what would change").uncheck();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect
      .poll(() => page.locator(".import-report").textContent())
      .toContain("Gateways: created imported");
    expect((await demo.request("GET", "/api/gateways/imported")).status).toBe(200);
    await page.getByLabel("Document").fill("{ not json");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => page.locator(".import-report").textContent()).toContain("Not JSON");
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
