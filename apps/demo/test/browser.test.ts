import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { launchChromium } from "@smskit/browser-test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

const screenshots = join(import.meta.dirname, "..", ".test-results", "screenshots");

let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  demo = await startDemo();
  // A system Chromium when there is one, otherwise the npm build; never a skip.
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  // Fail a step with its own message long before the test's deadline (generous: a loaded 2-core
  // machine takes seconds for a screenshot).
  context.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await demo?.close();
});

describe("the web UI in Chromium", () => {
  it("signs in, creates an HTTP gateway through the generated form, sends to the sandbox and shows it in the inbox", async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    await page.goto(demo.url);
    await page.getByLabel("Admin token").fill("wrong-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#sign-in-error").textContent()).toContain("not the admin token");
    await page.getByLabel("Admin token").fill(testToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "sandbox", level: 2 }).waitFor();

    await page.getByRole("link", { name: "New gateway" }).click();
    await page.getByRole("heading", { name: "New gateway" }).waitFor();
    expect(await page.locator("#gateway-provider").inputValue()).toBe("http");
    // Controls generated from the schema.
    expect(await page.locator("#param-HTTP_METHOD").evaluate((element) => element.tagName)).toBe("SELECT");
    expect(await page.locator("#param-PASSWORD").getAttribute("type")).toBe("password");
    expect(await page.locator("#param-SEND_DATA_AS_JSON").getAttribute("type")).toBe("checkbox");
    expect(await page.locator("#param-TIMEOUT").getAttribute("type")).toBe("number");
    expect(await page.locator("#param-URL").getAttribute("aria-required")).toBe("true");
    expect(await page.locator("#param-URL-help").textContent()).toContain("gateway endpoint");

    await page.getByRole("textbox", { name: "Name", exact: true }).fill("browser-http");
    await page.locator("#param-URL").fill("not a url");
    await page.locator("#param-HTTP_METHOD").selectOption("POST");
    await page.locator("#param-SEND_DATA_AS_JSON").check();
    await page.getByRole("button", { name: "Add option" }).click();
    await page.locator("#option-1-key").fill("to");
    await page.locator("#option-1-value").fill("{phone}");
    await page.getByRole("button", { name: "Add option" }).click();
    await page.locator("#option-2-key").fill("text");
    await page.locator("#option-2-value").fill("{otp}");
    // Only a gateway that carries the sandbox's secret header may deliver into the sandbox inbox.
    await page.getByRole("button", { name: "Add header" }).click();
    await page.locator("#header-1-key").fill("X-Sandbox-Token");
    await page.locator("#header-1-value").fill(demo.app.demo.sandboxSecret.value);
    await page.getByRole("button", { name: "Create gateway" }).click();

    const urlError = page.locator("#param-URL-error");
    await urlError.waitFor({ state: "visible" });
    expect(await urlError.textContent()).toMatch(/\S/);
    expect(await page.locator("#param-URL").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#param-URL").getAttribute("aria-describedby")).toContain("param-URL-error");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("param-URL");
    await page.screenshot({ path: join(screenshots, "gateway-form-error.png"), fullPage: true });

    await page.locator("#param-URL").fill(new URL("/sandbox/sms", demo.url).href);
    await page.getByRole("button", { name: "Create gateway" }).click();
    await page.getByRole("heading", { name: "browser-http", level: 2 }).waitFor();
    const saved = await demo.request("GET", "/api/gateways/browser-http");
    expect(saved.json).toMatchObject({
      provider: "http",
      parameters: { HTTP_METHOD: "POST", SEND_DATA_AS_JSON: true },
      options: { to: "{phone}", text: "{otp}" },
    });

    await page.getByRole("button", { name: "Send a test message through browser-http" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Phone number").fill("+49 176 555 0100");
    const preview = dialog.getByTestId("encoding-preview");
    await dialog.getByLabel("Message").fill("It’s 5 € — ok");
    await preview.locator(".encoding-faults", { hasText: "U+2019" }).waitFor();
    expect(await preview.textContent()).toContain("UCS-2 · 13 code units · 1 part");
    expect(await preview.locator(".encoding-faults").textContent()).toBe(
      " — forces UCS-2: “’” (U+2019) at 3; “—” (U+2014) at 10",
    );
    await preview.getByRole("button", { name: /Use GSM look-alikes \(GSM 7-bit, 1 part\)/ }).click();
    await preview.locator(".encoding-summary", { hasText: "GSM 7-bit · 14 septets · 1 part" }).waitFor();
    expect(await dialog.getByLabel("Message").inputValue()).toBe("It's 5 € - ok");
    await dialog.getByLabel("Message").fill("Hello from the browser test ✓");
    await preview.locator(".encoding-faults", { hasText: "U+2713" }).waitFor();
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await dialog.locator(".success").waitFor();
    expect(await dialog.locator(".success").textContent()).toContain("Sent to +49 176 555 0100");
    await page.screenshot({ path: join(screenshots, "send-dialog.png") });
    await dialog.getByRole("link", { name: "Open the sandbox inbox" }).click();

    await page.getByRole("heading", { name: "Sandbox inbox" }).waitFor();
    const message = page.locator(".inbox .message").first();
    await message.waitFor();
    expect(await message.locator(".message-text").textContent()).toBe("Hello from the browser test ✓");
    expect(await message.textContent()).toContain("To +49 176 555 0100");
    await page.screenshot({ path: join(screenshots, "sandbox-inbox.png"), fullPage: true });

    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("edits a gateway with secrets: the stored ones are kept unless replaced or removed", async () => {
    await demo.request("PUT", "/api/gateways/with-secret", {
      body: {
        provider: "http",
        parameters: { URL: new URL("/sandbox/sms", demo.url).href, HTTP_METHOD: "GET", PASSWORD: "old-pass" },
        options: { to: "{phone}", token: "opt-secret" },
      },
    });
    const page = await context.newPage();
    await page.goto(`${demo.url}#token=${testToken}`);
    await page.getByRole("link", { name: "Edit with-secret" }).click();
    await page.getByRole("heading", { name: "Edit gateway “with-secret”" }).waitFor();
    expect(await page.locator("#param-PASSWORD").inputValue()).toBe("");
    expect(await page.locator("#param-PASSWORD").getAttribute("placeholder")).toContain(
      "leave empty to keep",
    );
    expect(await page.content()).not.toMatch(/old-pass|opt-secret/);
    await page.locator("#gateway-description").fill("edited in the browser");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
    let stored = (await demo.request("GET", "/api/export")).json.gateways["with-secret"];
    expect(stored).toMatchObject({
      description: "edited in the browser",
      parameters: { PASSWORD: "old-pass" },
      options: { token: "opt-secret" },
    });

    await page.getByRole("link", { name: "Edit with-secret" }).click();
    await page.locator("#param-PASSWORD-clear").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
    stored = (await demo.request("GET", "/api/export")).json.gateways["with-secret"];
    expect(stored.parameters.PASSWORD).toBeUndefined();
    expect(stored.options.token).toBe("opt-secret");
    await page.close();
  }, 60_000);

  it("creates a failover route on the Routes page with a reordered gateway list, and shows a test send's attempts", async () => {
    const sandboxUrl = new URL("/sandbox/sms", demo.url).href;
    const port = await closedPort();
    for (const [name, url] of [
      ["route-good", sandboxUrl],
      ["route-down", `http://127.0.0.1:${port}/send`],
    ] as const) {
      const saved = await demo.request("PUT", `/api/gateways/${name}`, {
        body: {
          provider: "http",
          parameters: { URL: url, HTTP_METHOD: "POST" },
          options: { to: "{phone}", text: "{otp}" },
          // Only the sandbox gateway's secret header lets a message into the sandbox.
          headers: { "X-Sandbox-Token": demo.app.demo.sandboxSecret.value },
          secretHeaders: ["X-Sandbox-Token"],
          policies: { breaker: { failures: 3, windowSeconds: 60, cooldownSeconds: 30 } },
        },
      });
      expect(saved.status).toBe(200);
    }
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${demo.url}#token=${testToken}`);
    await page.getByRole("link", { name: "Routes" }).click();
    await page.getByRole("heading", { name: "Routes", level: 1 }).waitFor();
    await page.getByRole("link", { name: "New route" }).click();
    await page.getByRole("heading", { name: "New route" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("browser-route");
    for (const name of ["route-good", "route-down"]) {
      await page.locator("#route-add-gateway").selectOption(name);
      await page.getByRole("button", { name: "Add gateway" }).click();
    }
    await page.getByRole("button", { name: "Move route-down up" }).click();
    expect(await page.locator(".route-member-name").allTextContents()).toEqual(["route-down", "route-good"]);
    await page.getByRole("button", { name: "Create route" }).click();
    await page.getByRole("heading", { name: "browser-route", level: 2 }).waitFor();
    expect((await demo.request("GET", "/api/routes/browser-route")).json).toMatchObject({
      strategy: "failover",
      onUnknown: "stop",
      gateways: [{ name: "route-down" }, { name: "route-good" }],
    });

    await page.getByRole("button", { name: "Send a test message through browser-route" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Phone number").fill("+49 176 555 0101");
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await dialog.locator(".success").waitFor();
    expect(await dialog.locator(".success").textContent()).toContain("through route-good");
    const attempts = await dialog.getByRole("list", { name: "Attempts" }).locator("li").allTextContents();
    expect(attempts[0]).toContain("route-down: failed");
    expect(attempts[1]).toContain("route-good: sent");
    await page.screenshot({ path: join(screenshots, "route-send-attempts.png") });
    await dialog.getByRole("button", { name: "Close" }).click();

    await page.getByRole("link", { name: "Gateways" }).click();
    await page.getByRole("heading", { name: "route-down", level: 2 }).waitFor();
    const badge = page
      .locator(".card", { has: page.getByRole("heading", { name: "route-down" }) })
      .locator(".breaker");
    await expect.poll(() => badge.textContent()).toBe("circuit closed, 1 recent failures");
    await page.getByRole("link", { name: "Edit route-down" }).click();
    await page.getByRole("heading", { name: "Edit gateway “route-down”" }).waitFor();
    expect(await page.getByLabel("Circuit breaker: failures in a row").inputValue()).toBe("3");
    await page.getByLabel("Rate limit (messages per second)").fill("50");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
    expect((await demo.request("GET", "/api/gateways/route-down")).json.policies).toEqual({
      rateLimit: 50,
      breaker: { failures: 3, windowSeconds: 60, cooldownSeconds: 30 },
    });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("sends a CSV file from the Bulk page with a progress bar and offers the results for download", async () => {
    await demo.request("DELETE", "/api/sandbox/messages");
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${demo.url}#token=${testToken}`);
    await page.getByRole("link", { name: "Bulk" }).click();
    await page.getByRole("heading", { name: "Bulk send" }).waitFor();
    await page.getByLabel("Gateway or route").selectOption("sandbox");
    await page.getByLabel("CSV file").setInputFiles({
      name: "rows.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("to,message\n+4915100021,eins\nbroken\n+4915100022,zwei\n"),
    });
    await page.getByRole("button", { name: "Send all" }).click();
    await page.locator(".bulk-status", { hasText: "Done" }).waitFor();
    expect(await page.locator(".bulk-status").textContent()).toBe(
      "Done: 3 of 3 · 2 sent · 0 failed · 0 unknown · 1 malformed",
    );
    expect(await page.locator("#bulk-progress").evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(
      3,
    );
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download results (CSV)" }).click();
    const saved = await (await download).path();
    expect((await readFile(saved, "utf8")).split("\n").slice(0, 2)).toEqual([
      "row,line,to,outcome,id,code",
      expect.stringMatching(/^1,2,\+4915100021,sent,/),
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("fits a narrow screen: the form without horizontal scrolling, keyboard-reachable fields", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${demo.url}#token=${testToken}`);
    await page.getByRole("heading", { name: "Gateways", level: 1 }).waitFor();
    await page.goto(`${demo.url}#/gateways/new?provider=http`);
    await page.getByRole("heading", { name: "New gateway" }).waitFor();
    await page.locator("#preset").selectOption("clickatell");
    await page.getByRole("button", { name: "Apply preset" }).click();
    expect(await page.locator("#param-URL").inputValue()).toBe("https://api.clickatell.com/http/sendmsg");
    expect(await page.locator("#option-1-key").inputValue()).not.toBe("");
    expect(await scrollsSideways(page)).toBe(false);
    await page.screenshot({ path: join(screenshots, "gateway-form-narrow.png"), fullPage: true });

    await page.locator("#gateway-name").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("gateway-provider");
    for (const field of await page.locator("input, select, textarea").all()) {
      const id = await field.getAttribute("id");
      const labelled = await field.evaluate(
        (element) => ((element as HTMLInputElement).labels?.length ?? 0) > 0,
      );
      expect(labelled, `field ${id} has a label`).toBe(true);
    }
    await page.close();
  }, 60_000);
});

async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
