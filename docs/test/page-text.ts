import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The built site. */
export const distDirectory = join(import.meta.dirname, "..", ".vitepress", "dist");

const entities: Readonly<Record<string, string>> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
  "&nbsp;": " ",
};

/** The visible text of an HTML page, roughly: tags removed, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (entity) => entities[entity] ?? entity)
    .replace(/\s+/g, " ");
}

/** A description as it reads on the page: Markdown code marks gone, spaces collapsed. */
export function readable(markdown: string): string {
  return markdown.replace(/`/g, "").replace(/\s+/g, " ").trim();
}

/** The text of a built page, by its path under the site (`providers/smpp.html`). */
export async function builtText(path: string): Promise<string> {
  return textOf(await readFile(join(distDirectory, path), "utf8"));
}
