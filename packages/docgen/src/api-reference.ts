import { cell, code, fence, generatedNote, page, prose, table } from "./markdown.js";

/** The parts of an OpenAPI 3.1 document the API reference shows. */
export interface OpenApiView {
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: { readonly securitySchemes?: Readonly<Record<string, unknown>> };
}

interface OperationView {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

const methods = ["get", "put", "post", "patch", "delete", "options", "head"];

/** A JSON Schema in a few words: `object`, `array of string`, `one of "a", "b"`. */
export function schemaSummary(schema: unknown): string {
  if (typeof schema !== "object" || schema === null) return "any";
  const view = schema as Record<string, unknown>;
  if (Array.isArray(view.enum)) return `one of ${view.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  if (view.type === "array") return `array of ${schemaSummary(view.items)}`;
  if (Array.isArray(view.type)) return view.type.join(" or ");
  if (typeof view.type === "string") return view.format ? `${view.type} (${view.format})` : view.type;
  const alternatives = (view.anyOf ?? view.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) return alternatives.map(schemaSummary).join(" or ");
  return "any";
}

/** The operations of the document in path order, grouped by their first tag. */
function operationsByTag(document: OpenApiView): Map<string, [string, string, OperationView][]> {
  const groups = new Map<string, [string, string, OperationView][]>();
  for (const path of Object.keys(document.paths).sort()) {
    const entry = document.paths[path] ?? {};
    for (const method of methods) {
      const operation = entry[method] as OperationView | undefined;
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "other";
      const list = groups.get(tag) ?? [];
      list.push([method, path, operation]);
      groups.set(tag, list);
    }
  }
  return groups;
}

/** The HTTP API reference from an OpenAPI document: every operation with its parameters, body and answers. */
export function renderApiReference(document: OpenApiView): string {
  const lines = [
    generatedNote("the demo app's OpenAPI document"),
    "",
    `# HTTP API reference (${prose(document.info.title)} ${prose(document.info.version)})`,
    "",
    prose(document.info.description ?? ""),
    "",
  ];
  const schemes = Object.entries(document.components?.securitySchemes ?? {});
  if (schemes.length > 0) {
    lines.push("**Authentication:**", "");
    for (const [name, scheme] of schemes) {
      const { scheme: kind, description } = scheme as { scheme?: string; description?: string };
      lines.push(`- ${code(name)}: HTTP ${prose(kind ?? "")} — ${prose(description ?? "")}`);
    }
    lines.push("");
  }
  const groups = operationsByTag(document);
  lines.push(
    "## Operations",
    "",
    ...table(
      ["method", "path", "what it does"],
      [...groups.values()]
        .flat()
        .map(([method, path, operation]) => [
          code(method.toUpperCase()),
          code(path),
          cell(operation.summary ?? ""),
        ]),
    ),
    "",
  );
  for (const [tag, operations] of groups) {
    lines.push(`## ${prose(tag)}`, "");
    for (const [method, path, operation] of operations)
      lines.push(...operationSection(method, path, operation));
  }
  return page(lines);
}

function operationSection(method: string, path: string, operation: OperationView): string[] {
  const lines = [`### ${method.toUpperCase()} ${code(path)}`, ""];
  if (operation.summary) lines.push(prose(operation.summary), "");
  if (operation.description) lines.push(prose(operation.description), "");
  if (operation.security?.length) lines.push("Needs the admin token (`Authorization: Bearer …`).", "");
  if (operation.parameters?.length) {
    lines.push(
      ...table(
        ["parameter", "in", "required", "type", "description"],
        operation.parameters.map((parameter) => [
          code(parameter.name),
          parameter.in,
          parameter.required ? "yes" : "",
          cell(schemaSummary(parameter.schema)),
          cell(parameter.description ?? ""),
        ]),
      ),
      "",
    );
  }
  for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) {
    lines.push(
      `Request body (${code(type)}):`,
      "",
      ...fence("json", JSON.stringify(content.schema, null, 2)),
      "",
    );
  }
  const responses = Object.entries(operation.responses ?? {});
  if (responses.length > 0) {
    lines.push(
      ...table(
        ["status", "meaning", "body"],
        responses.map(([status, response]) => {
          const body = Object.values(response.content ?? {})[0]?.schema;
          return [code(status), cell(response.description ?? ""), body ? cell(schemaSummary(body)) : ""];
        }),
      ),
      "",
    );
  }
  return lines;
}
