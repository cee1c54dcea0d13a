import type { FastifyInstance, RouteOptions } from "fastify";

/** An OpenAPI 3.1 document (only the parts this app writes). */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, unknown>>;
}

/** What a route's schema may hold (fastify's keys plus the documentation ones). */
interface RouteSchema {
  summary?: string;
  description?: string;
  tags?: readonly string[];
  hide?: boolean;
  produces?: readonly string[];
  params?: ObjectSchema;
  querystring?: ObjectSchema;
  headers?: ObjectSchema;
  body?: Record<string, unknown>;
  response?: Record<string, Record<string, unknown>>;
}

interface ObjectSchema {
  properties?: Record<string, Record<string, unknown>>;
  required?: readonly string[];
}

/**
 * Collect every route as it is added and build the OpenAPI document from the route schemas
 * (the same schemas that validate requests and shape responses, so the document cannot drift).
 * Call before the routes are registered; serve the document with `openApiRoute`.
 */
export function collectOpenApi(app: FastifyInstance, info: OpenApiDocument["info"]): OpenApiDocument {
  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info,
    components: {
      securitySchemes: {
        adminToken: {
          type: "http",
          scheme: "bearer",
          description: "SMSKIT_ADMIN_TOKEN, or the token printed at the first start.",
        },
      },
    },
    paths: {},
  };
  app.addHook("onRoute", (route: RouteOptions) => {
    const schema = route.schema as RouteSchema | undefined;
    if (!schema || schema.hide) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
      (method) => method !== "HEAD",
    );
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const entry = document.paths[path] ?? {};
    document.paths[path] = entry;
    for (const method of methods) entry[String(method).toLowerCase()] = operation(path, schema);
  });
  return document;
}

function operation(path: string, schema: RouteSchema): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (schema.summary) result.summary = schema.summary;
  if (schema.description) result.description = schema.description;
  if (schema.tags) result.tags = schema.tags;
  const parameters = [
    ...parametersOf(schema.params, "path"),
    ...parametersOf(schema.querystring, "query"),
    ...parametersOf(schema.headers, "header"),
  ];
  if (parameters.length > 0) result.parameters = parameters;
  if (schema.body) {
    result.requestBody = { required: true, content: { "application/json": { schema: schema.body } } };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(schema.response ?? {})) {
    const { description, ...body } = response;
    const text = typeof description === "string" ? description : `HTTP ${status}`;
    if (body.type === "null") {
      responses[status] = { description: text };
    } else {
      const contentType = schema.produces?.[0] ?? "application/json";
      responses[status] = { description: text, content: { [contentType]: { schema: body } } };
    }
  }
  result.responses = responses;
  if (path.startsWith("/api/")) result.security = [{ adminToken: [] }];
  return result;
}

function parametersOf(
  schema: ObjectSchema | undefined,
  where: "path" | "query" | "header",
): Record<string, unknown>[] {
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (schema?.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}
