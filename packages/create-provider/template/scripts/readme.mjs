// `npm run readme`: write the parameter table of README.md from the provider's schema
// (between the two marker comments), so that the documentation is the schema's.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const start = "<!-- parameters:start (npm run readme) -->";
const end = "<!-- parameters:end -->";

/** `readme` with the text between the markers replaced by `table`. */
export function fillReadme(readme, table) {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
  return `${readme.slice(0, from + start.length)}\n\n${table.trim()}\n\n${readme.slice(to)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { renderParameterTable } = await import("@smskit/docgen");
  const { provider } = await import(pathToFileURL(`${process.cwd()}/dist/index.js`).href);
  const readme = readFileSync("README.md", "utf8");
  writeFileSync("README.md", fillReadme(readme, renderParameterTable(provider)));
  console.log("README.md: parameter table written from the schema");
}
