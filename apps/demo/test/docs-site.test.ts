import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

const inlineScript = "window.__VP_HASH_MAP__=JSON.parse('{}')";
let site: string;
let demo: RunningDemo;
let unbuilt: RunningDemo;

beforeAll(async () => {
  // A stand-in for the built VitePress site: pages with an inline script, an asset, a 404 page.
  site = await mkdtemp(join(tmpdir(), "smskit-docs-site-"));
  await mkdir(join(site, "assets"), { recursive: true });
  await mkdir(join(site, "providers"), { recursive: true });
  await writeFile(
    join(site, "index.html"),
    `<!doctype html><title>start</title><script>${inlineScript}</script>`,
  );
  await writeFile(join(site, "providers", "smpp.html"), "<!doctype html><title>smpp</title>");
  await writeFile(join(site, "404.html"), "<!doctype html><title>not found</title>");
  await writeFile(join(site, "assets", "app.js"), "console.log('app')");
  await writeFile(join(tmpdir(), "smskit-docs-outside.html"), "OUTSIDE-THE-SITE");
  demo = await startDemo({ environment: { SMSKIT_DOCS_DIR: site } });
  unbuilt = await startDemo({ environment: { SMSKIT_DOCS_DIR: join(site, "missing") } });
});

afterAll(async () => {
  await demo?.close();
  await unbuilt?.close();
  await rm(site, { recursive: true, force: true });
  await rm(join(tmpdir(), "smskit-docs-outside.html"), { force: true });
});

describe("the docs site under /docs/", () => {
  it("serves the built site without the admin token, its inline scripts allowed only by hash", async () => {
    const start = await demo.request("GET", "/docs/", { token: null });
    expect(start.status).toBe(200);
    expect(start.headers.get("content-type")).toContain("text/html");
    expect(start.text).toContain("<title>start</title>");
    const policy = start.headers.get("content-security-policy") ?? "";
    const hash = createHash("sha256").update(inlineScript).digest("base64");
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(start.headers.get("x-content-type-options")).toBe("nosniff");

    const page = await demo.request("GET", "/docs/providers/smpp.html", { token: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain("smpp");
    const clean = await demo.request("GET", "/docs/providers/smpp", { token: null });
    expect(clean.text).toContain("smpp");
    const asset = await demo.request("GET", "/docs/assets/app.js", { token: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
  });

  it("redirects /docs to /docs/", async () => {
    const response = await fetch(new URL("/docs", demo.url), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/docs/");
  });

  it("answers the site's 404 page for a missing page and never reaches outside the site", async () => {
    const missing = await demo.request("GET", "/docs/no-such-page.html", { token: null });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("not found");
    for (const path of [
      "/docs/../smskit-docs-outside.html",
      "/docs/%2e%2e/smskit-docs-outside.html",
      "/docs/..%2fpackage.json",
    ]) {
      const answer = await demo.request("GET", path, { token: null });
      expect(answer.status, path).toBe(404);
      expect(answer.text).not.toContain("OUTSIDE-THE-SITE");
    }
  });

  it("says how to build the site when it is not built", async () => {
    const answer = await unbuilt.request("GET", "/docs/", { token: null });
    expect(answer.status).toBe(404);
    expect(answer.text).toContain("not built");
    expect(answer.text).not.toContain(site);
  });

  it("is not part of the API's OpenAPI document", async () => {
    const document = await demo.request("GET", "/api/openapi.json");
    expect(Object.keys(document.json.paths).some((path) => path.startsWith("/docs"))).toBe(false);
  });
});
