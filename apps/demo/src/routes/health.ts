import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";

/** `GET /healthz` and `GET /metrics` (Prometheus text format); neither needs the token. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness",
        tags: ["operations"],
        response: {
          200: {
            type: "object",
            properties: {
              status: { type: "string", enum: ["ok"], description: "Always ok while the app serves." },
              providers: { type: "integer", description: "How many providers are installed." },
            },
            required: ["status", "providers"],
          },
        },
      },
    },
    async () => ({ status: "ok", providers: app.demo.smskit.providers().length }),
  );
  app.get(
    "/metrics",
    {
      schema: {
        summary: "Send counters and durations per gateway, circuit breaker states (Prometheus text format)",
        tags: ["operations"],
        produces: ["text/plain"],
        response: { 200: { type: "string", description: "Prometheus exposition format 0.0.4." } },
      },
    },
    async (_request, reply) =>
      reply.type("text/plain; version=0.0.4; charset=utf-8").send(app.demo.smskit.metricsText()),
  );
}
