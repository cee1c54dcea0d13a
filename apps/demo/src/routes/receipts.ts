import { isSmskitError } from "@smskit/core";
import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { demoErrors } from "../demo-errors.js";
import { type ErrorBody, httpStatusOf, sendSmskitError } from "../error-reply.js";
import { publicBase } from "../receipt-urls.js";

/** The largest callback body read. */
const bodyLimit = 64 * 1024;

/**
 * `POST /receipts/{gateway}/{secret}` (and GET, for gateways that call back with a query): a
 * gateway's status callback, read by its provider through `handleReceipt`. No admin token — the
 * secret in the URL is the credential; a wrong one answers 404 exactly like an unknown gateway.
 */
export async function receiptRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  // The provider reads the body as it came (a signature covers it): keep every body as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit }, (_request, body, done) => done(null, body));

  app.route<{ Params: { gateway: string; secret: string } }>({
    method: ["POST", "GET"],
    url: "/receipts/:gateway/:secret",
    schema: { hide: true },
    handler: async (request, reply) => {
      const { gateway, secret } = request.params;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string") headers[name.toLowerCase()] = value;
      }
      const url = new URL(request.url.replace(/^\//, ""), publicBase(request, app.demo.environment)).href;
      try {
        const outcome = await smskit.handleReceipt(
          gateway,
          {
            method: request.method,
            url,
            headers,
            body: typeof request.body === "string" ? request.body : "",
          },
          { secret },
        );
        return reply.status(200).send({ reports: outcome.reports, messages: outcome.messages.length });
      } catch (error) {
        if (!isSmskitError(error)) throw error;
        // An endpoint that does not exist and one that takes no callbacks look the same from outside.
        if (error.code === "SMSKIT_E_GATEWAY_NOT_FOUND" || error.code === "SMSKIT_E_RECEIPTS_OFF") {
          return sendSmskitError(
            reply,
            demoErrors.SMSKIT_E_NOT_FOUND.create({ what: "no such receipt endpoint" }),
          );
        }
        if (error.code === "SMSKIT_E_RECEIPT_REFUSED") {
          return reply
            .status(httpStatusOf(error))
            .send({ code: error.code, message: error.message } satisfies ErrorBody);
        }
        throw error;
      }
    },
  });
}
