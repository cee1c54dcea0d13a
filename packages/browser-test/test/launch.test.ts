import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseChromium, findSystemChromium, launchChromium } from "../src/index.js";

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(
      "<!doctype html><title>probe</title><button onclick=\"this.textContent='clicked'\">press</button>",
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("choosing Chromium", () => {
  it("refuses an SMSKIT_CHROMIUM that is not an executable", () => {
    expect(() => findSystemChromium({ SMSKIT_CHROMIUM: "/nonexistent/chromium", PATH: "" })).toThrow(
      /SMSKIT_CHROMIUM names \/nonexistent\/chromium/,
    );
  });

  it("takes SMSKIT_CHROMIUM as it is when it names an executable", () => {
    expect(findSystemChromium({ SMSKIT_CHROMIUM: process.execPath, PATH: "" })).toBe(process.execPath);
  });

  it("uses the Chromium of @sparticuz/chromium when SMSKIT_CHROMIUM=npm hides the system's", async () => {
    const choice = await chooseChromium({ SMSKIT_CHROMIUM: "npm", PATH: process.env.PATH });
    expect(choice.source).toBe("npm");
    expect(choice.args).toContain("--disable-background-networking");
  }, 60_000);
});

describe("launchChromium", () => {
  it.each([
    ["whichever Chromium this machine offers", process.env],
    ["the npm build", { ...process.env, SMSKIT_CHROMIUM: "npm" }],
  ])(
    "opens a loopback page with %s, clicks and takes a screenshot",
    async (_label, environment) => {
      const browser = await launchChromium({}, environment);
      try {
        const page = await browser.newPage();
        await page.goto(url);
        await page.getByRole("button", { name: "press" }).click();
        expect(await page.getByRole("button").textContent()).toBe("clicked");
        const png = await page.screenshot();
        expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
