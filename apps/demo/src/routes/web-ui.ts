import { readdir, readFile } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import type {} from "../demo-context.js";
import { uiFactsModule } from "../ui-facts.js";

/** Where the web UI's files live: `public/` beside `src/` and `dist/`. */
export const publicDirectory = fileURLToPath(new URL("../../public/", import.meta.url));

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/**
 * A policy that allows only the app's own scripts, styles and API: no inline script, no
 * third-party origin, no framing.
 */
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The web UI: the files of `public/` and its folders (HTML, CSS, browser ES modules; no bundler),
 * `/` being `index.html`, and `/server-facts.js`, the module of what the UI takes from the server
 * (`ui-facts.ts`). Only the files present at start are served, so no path can reach beyond them.
 * They are read on each request, so editing them needs no restart.
 */
export async function webUiRoutes(app: FastifyInstance): Promise<void> {
  const files = (await readdir(publicDirectory, { recursive: true }))
    .map((file) => file.split(sep).join("/"))
    .filter((file) => contentTypes[extname(file)] !== undefined);
  const send = (reply: FastifyReply, type: string, content: string | Buffer) =>
    reply
      .type(type)
      .header("cache-control", "no-cache")
      .header("content-security-policy", contentSecurityPolicy)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .send(content);
  const serve = (file: string) => async (_request: unknown, reply: FastifyReply) =>
    send(
      reply,
      contentTypes[extname(file)] ?? "application/octet-stream",
      await readFile(join(publicDirectory, file)),
    );
  const schema = { hide: true } as const;
  app.get("/", { schema }, serve("index.html"));
  for (const file of files) app.get(`/${file}`, { schema }, serve(file));
  const facts = uiFactsModule();
  app.get("/server-facts.js", { schema }, async (_request, reply) =>
    send(reply, contentTypes[".js"] ?? "text/javascript", facts),
  );
}
