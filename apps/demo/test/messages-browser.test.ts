import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launchChromium } from "@smskit/browser-test";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

const screenshots = join(import.meta.dirname, "..", ".test-results", "screenshots");

let demo: RunningDemo;
let vendor: FakeHttpServer;
let browser: Browser;

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  demo = await startDemo();
  let count = 0;
  vendor = await startHttpServer({ responder: () => ({ body: { sid: `SM-${++count}` } }) });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await vendor?.close();
  await demo?.close();
});

describe("the Messages page in Chromium", () => {
  it("shows each message's timeline and updates it live when a status callback arrives", async () => {
    const saved = await demo.request("PUT", "/api/gateways/vendor", {
      body: {
        provider: "http",
        parameters: {
          URL: `${vendor.url}/send`,
          HTTP_METHOD: "POST",
          MESSAGE_ID_FIELD: "/sid",
          RECEIPTS: true,
          RECEIPT_ID_FIELD: "id",
          RECEIPT_STATUS_FIELD: "status",
        },
        options: { to: "{phone}", text: "{otp}" },
      },
    });
    expect(saved.status).toBe(200);
    const sent = await demo.request("POST", "/api/gateways/vendor/send", {
      body: { to: "+4917012345678", message: "Your code is 918273" },
    });
    expect(sent.status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(demo.url);
    await page.getByLabel("Admin token").fill(testToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
    expect(await page.locator(".receipt-url code").textContent()).toBe(saved.json.receiptUrl);

    await page.getByRole("link", { name: "Messages" }).click();
    await page.getByRole("heading", { name: "Messages", level: 1 }).waitFor();
    const card = page.locator(`[data-message="${sent.json.id}"]`);
    await card.waitFor();
    expect(await card.locator("[data-status]").textContent()).toBe("submitted");
    expect(await card.textContent()).toContain("**********5678 via vendor");
    expect(await page.content()).not.toContain("918273");
    await expect.poll(() => page.locator("#live-state").textContent()).toContain("Live");

    const callback = await fetch(saved.json.receiptUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ id: sent.json.messageId, status: "delivered" }).toString(),
    });
    expect(callback.status).toBe(200);
    await expect.poll(() => card.locator("[data-status]").textContent()).toBe("delivered");
    expect(await card.locator(".timeline li").count()).toBe(2);

    // A message sent while the page is open appears on its own.
    const second = await demo.request("POST", "/api/gateways/vendor/send", {
      body: { to: "+4917099990000", message: "x" },
    });
    await page.locator(`[data-message="${second.json.id}"]`).waitFor();
    await page.screenshot({ path: join(screenshots, "messages-page.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
