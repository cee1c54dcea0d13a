import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type {} from "../demo-context.js";

/** Where the built documentation site is: `docs/.vitepress/dist` of the workspace, or `SMSKIT_DOCS_DIR`. */
export function docsDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const chosen = environment.SMSKIT_DOCS_DIR;
  if (chosen !== undefined && chosen !== "") return chosen;
  return fileURLToPath(new URL("../../../../docs/.vitepress/dist/", import.meta.url));
}

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The inline `<script>` blocks of a page (VitePress writes a few), hashed for the CSP. */
function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    const body = match[1] ?? "";
    if (body === "") continue;
    hashes.push(`'sha256-${createHash("sha256").update(body).digest("base64")}'`);
  }
  return hashes;
}

/**
 * The policy of a docs page: the site's own files, plus exactly the inline scripts of this
 * page by hash; inline styles (Vue sets them); nothing from another origin, no framing.
 */
function docsPolicy(html: string | undefined): string {
  const scripts = html === undefined ? [] : inlineScriptHashes(html);
  return [
    "default-src 'self'",
    `script-src 'self'${scripts.length > 0 ? ` ${scripts.join(" ")}` : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && contentTypes[extname(entry.name)] !== undefined)
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/**
 * The documentation site under `/docs/`: public static files, no admin token. Only the files
 * present at start are served (a lookup table, so no path can reach beyond them); without a
 * built site `/docs/` says how to build it.
 */
export async function docsSiteRoutes(app: FastifyInstance, options: { directory: string }): Promise<void> {
  const { directory } = options;
  const files = new Set(existsSync(directory) ? await listFiles(directory) : []);
  const schema = { hide: true } as const;
  app.get("/docs", { schema }, async (_request, reply) => reply.redirect("/docs/"));
  app.get("/docs/*", { schema }, async (request: FastifyRequest, reply: FastifyReply) => {
    const wildcard = (request.params as { "*": string })["*"];
    let path = wildcard.split("?")[0] ?? "";
    if (path === "" || path.endsWith("/")) path = `${path}index.html`;
    if (!files.has(path) && files.has(`${path}.html`)) path = `${path}.html`;
    if (files.size === 0) {
      return reply
        .status(404)
        .type("text/plain; charset=utf-8")
        .send("The docs site is not built: run npm run build.");
    }
    const found = files.has(path);
    const file = found ? path : "404.html";
    if (!files.has(file)) return reply.callNotFound();
    const content = await readFile(join(directory, file));
    const type = contentTypes[extname(file)] ?? "application/octet-stream";
    const html = type.startsWith("text/html") ? content.toString("utf8") : undefined;
    return reply
      .status(found ? 200 : 404)
      .type(type)
      .header(
        "cache-control",
        file.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      )
      .header("content-security-policy", docsPolicy(html))
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .send(content);
  });
}
