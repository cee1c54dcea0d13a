import type { ConfigurationError, RouteInput } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { routeInputSchema, routeSchema } from "../route-schemas.js";
import { apiErrorResponses, errorSchema, nameParamsSchema } from "../schemas.js";
import { assertSameName } from "./gateways.js";

/** The body of `PUT /api/routes/:name`. */
type RouteBody = Omit<RouteInput, "name"> & { expectedRevision?: number; name?: string };

const notFound = { ...errorSchema, description: "No route with that name (SMSKIT_E_ROUTE_NOT_FOUND)." };

/**
 * Routes: list, read, save, delete. A route is a send target like a gateway: send through it with
 * `POST /api/gateways/{route}/send` (gateways and routes share one namespace).
 */
export async function routeDefinitionRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  const tags = ["routes"];

  app.get(
    "/routes",
    {
      schema: {
        summary: "List the routes",
        tags,
        response: { 200: { type: "array", items: routeSchema }, ...apiErrorResponses },
      },
    },
    async () => await smskit.listRoutes(),
  );

  app.get<{ Params: { name: string } }>(
    "/routes/:name",
    {
      schema: {
        summary: "Read a route",
        tags,
        params: nameParamsSchema,
        response: { 200: routeSchema, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request) => {
      const route = await smskit.getRoute(request.params.name);
      if (!route) throw routeNotFound(request.params.name);
      return route;
    },
  );

  app.put<{ Params: { name: string }; Body: RouteBody }>(
    "/routes/:name",
    {
      schema: {
        summary: "Create or replace a route",
        description:
          "Refused with 422 when it names a gateway that does not exist or another route, or takes a gateway's name.",
        tags,
        params: nameParamsSchema,
        body: routeInputSchema,
        response: {
          200: routeSchema,
          409: { ...errorSchema, description: "expectedRevision is not the stored revision." },
          422: { ...errorSchema, description: "The route is invalid; `issues` names every problem." },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      const {
        expectedRevision,
        name: bodyName,
        revision,
        updatedAt,
        ...body
      } = request.body as RouteBody & {
        revision?: number;
        updatedAt?: string;
      };
      assertSameName(name, bodyName);
      return await smskit.saveRoute(
        { ...body, name },
        expectedRevision === undefined ? {} : { expectedRevision },
      );
    },
  );

  app.delete<{ Params: { name: string } }>(
    "/routes/:name",
    {
      schema: {
        summary: "Delete a route",
        tags,
        params: nameParamsSchema,
        response: { 204: { type: "null", description: "Deleted." }, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request, reply) => {
      if (!(await smskit.deleteRoute(request.params.name))) throw routeNotFound(request.params.name);
      return reply.status(204).send();
    },
  );
}

function routeNotFound(name: string): ConfigurationError {
  return coreErrors.SMSKIT_E_ROUTE_NOT_FOUND.create({ name, hint: "" });
}
