import { coreErrors } from "@smskit/provider";
import type { FastifyInstance } from "fastify";
import { BulkJobs, resultsCsv } from "../bulk-jobs.js";
import type {} from "../demo-context.js";
import { demoErrors } from "../demo-errors.js";
import { type ErrorBody, sendSmskitError } from "../error-reply.js";
import { apiErrorResponses, errorSchema } from "../schemas.js";

/** The largest CSV upload, in bytes. */
const maximumUpload = 2 * 1024 * 1024;

const stateSchema = {
  type: "object",
  description: "A bulk job's counters.",
  properties: {
    id: { type: "string", description: "The job's id." },
    target: { type: "string", description: "The gateway or route." },
    total: { type: "integer", description: "Rows in the file." },
    started: { type: "integer", description: "Rows taken so far." },
    done: { type: "integer", description: "Rows finished." },
    sent: { type: "integer", description: "Rows sent." },
    failed: { type: "integer", description: "Rows that failed." },
    unknown: { type: "integer", description: "Rows whose outcome is unknown." },
    inFlight: { type: "integer", description: "Rows being sent." },
    malformed: { type: "integer", description: "Malformed rows (not sent)." },
    finished: { type: "boolean", description: "Whether the job is over." },
    error: { type: "string", description: "Why the job stopped early, when it did." },
  },
  required: ["id", "target", "total", "done", "sent", "failed", "unknown", "malformed", "finished"],
} as const;

const notFound = { ...errorSchema, description: "No such job (SMSKIT_E_NOT_FOUND)." };

/**
 * Bulk sends from the web UI: `POST /bulk/{target}` with a CSV body (`to`,`message`, or `to` and
 * `?message=`) starts a job; `GET /bulk/jobs/{id}/events` streams its progress as server-sent
 * events; `GET /bulk/jobs/{id}/results` downloads the outcome of each row as CSV.
 */
export async function bulkRoutes(app: FastifyInstance): Promise<void> {
  const { smskit, sends } = app.demo;
  const jobs = new BulkJobs(smskit, sends);
  const tags = ["bulk"];
  app.addContentTypeParser(
    "text/csv",
    { parseAs: "string", bodyLimit: maximumUpload },
    (_request, body, done) => done(null, body),
  );

  app.post<{ Params: { target: string }; Querystring: { message?: string }; Body: string }>(
    "/bulk/:target",
    {
      schema: {
        summary: "Start a bulk send of a CSV file (header to,message) through a gateway or route",
        tags,
        params: {
          type: "object",
          properties: { target: { type: "string", description: "The gateway or route." } },
          required: ["target"],
        },
        querystring: {
          type: "object",
          properties: { message: { type: "string", minLength: 1, description: "The text for every row." } },
        },
        response: {
          202: stateSchema,
          404: { ...errorSchema, description: "No such gateway or route." },
          ...apiErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { target } = request.params;
      if ((await smskit.getGateway(target)) === undefined && (await smskit.getRoute(target)) === undefined) {
        return sendSmskitError(
          reply,
          coreErrors.SMSKIT_E_GATEWAY_NOT_FOUND.create({
            target: `'${target}'`,
            what: "neither a gateway nor a route",
          }),
        );
      }
      if (typeof request.body !== "string") {
        // The schema cannot say which content type: 415, with the code of every refused request.
        return reply.status(415).send({
          code: demoErrors.SMSKIT_E_REQUEST_INVALID.code,
          message: demoErrors.SMSKIT_E_REQUEST_INVALID.format({ problem: "send the file as text/csv" }),
        } satisfies ErrorBody);
      }
      const job = jobs.start(target, request.body, request.query.message);
      return reply.status(202).send(job.state());
    },
  );

  app.get<{ Params: { id: string } }>(
    "/bulk/jobs/:id/events",
    {
      schema: {
        summary: "A bulk job's progress as server-sent events (event progress, then done)",
        tags,
        params: {
          type: "object",
          properties: { id: { type: "string", description: "The job." } },
          required: ["id"],
        },
        produces: ["text/event-stream"],
        response: { 404: notFound, ...apiErrorResponses },
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.id);
      if (!job)
        return sendSmskitError(reply, demoErrors.SMSKIT_E_NOT_FOUND.create({ what: "no such bulk job" }));
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      let last = 0;
      const send = (state: ReturnType<typeof job.state>) => {
        const now = Date.now();
        if (!state.finished && now - last < 100) return;
        last = now;
        response.write(`event: ${state.finished ? "done" : "progress"}\ndata: ${JSON.stringify(state)}\n\n`);
        if (state.finished) response.end();
      };
      const initial = job.state();
      response.write(`event: progress\ndata: ${JSON.stringify(initial)}\n\n`);
      if (initial.finished) {
        send(initial);
        return;
      }
      const stop = job.listen(send);
      request.raw.on("close", stop);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/bulk/jobs/:id/results",
    {
      schema: {
        summary: "A bulk job's results as CSV: row, line, to, outcome, id, code (no message texts)",
        tags,
        params: {
          type: "object",
          properties: { id: { type: "string", description: "The job." } },
          required: ["id"],
        },
        produces: ["text/csv"],
        response: { 200: { type: "string", description: "CSV." }, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.id);
      if (!job)
        return sendSmskitError(reply, demoErrors.SMSKIT_E_NOT_FOUND.create({ what: "no such bulk job" }));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="bulk-${job.id}.csv"`)
        .send(resultsCsv(job.rows));
    },
  );
}
