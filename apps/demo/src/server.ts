import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createSmskit,
  isPostgresUrl,
  type Logger,
  type MessageQueue,
  type Smskit,
  silentLogger,
} from "@smskit/core";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type AdminToken, bearerToken, resolveAdminToken } from "./admin-token.js";
import type { DemoContext } from "./demo-context.js";
import { demoErrors } from "./demo-errors.js";
import { type ErrorBody, replyWithError } from "./error-reply.js";
import { InFlight } from "./in-flight.js";
import { instanceLimits } from "./instance-limits.js";
import { collectOpenApi } from "./openapi.js";
import { bulkRoutes } from "./routes/bulk.js";
import { docsDirectory, docsSiteRoutes } from "./routes/docs-site.js";
import { enqueueRoutes } from "./routes/enqueue.js";
import { gatewayRoutes } from "./routes/gateways.js";
import { healthRoutes } from "./routes/health.js";
import { inspectRoutes } from "./routes/inspect.js";
import { messageRoutes } from "./routes/messages.js";
import { providerRoutes } from "./routes/providers.js";
import { receiptRoutes } from "./routes/receipts.js";
import { routeDefinitionRoutes } from "./routes/route-definitions.js";
import { sandboxMessageRoutes } from "./routes/sandbox-messages.js";
import { smtpServerRoutes } from "./routes/smtp-servers.js";
import { transferRoutes } from "./routes/transfer.js";
import { webUiRoutes } from "./routes/web-ui.js";
import { aimSandboxGateway, SandboxInbox, sandboxEndpoint } from "./sandbox.js";
import { createSandboxSecret } from "./sandbox-secret.js";
import { apiErrorResponses } from "./schemas.js";
import { openDemoStore, resolveStoreLocation } from "./store.js";

/** The app's own package.json: its dependencies are the providers it offers. */
export const ownPackageJson = fileURLToPath(new URL("../package.json", import.meta.url));

/** What `buildServer` needs; `main.ts` fills it from the environment. */
export interface DemoServerOptions {
  /** The SQLite store file (`SMSKIT_STORE`), `:memory:`, or a `postgres://` URL (with `@smskit/store-postgres`). */
  storePath: string;
  /** The package.json whose dependencies are discovered as providers (default: the app's own). */
  packageJson?: string;
  /** `SMSKIT_ADMIN_TOKEN`; when absent, a token is generated at first start and its hash kept in `adminTokenFile`. */
  adminToken?: string;
  /** Where the hash of a generated token is kept (default: `<storePath>.admin-token`). */
  adminTokenFile?: string;
  /** Where `SMSKIT_SECRET_KEY`, `SMSKIT_SCRIPT_DIR`, `SMSKIT_DOCS_DIR` and `SMSKIT_INSTANCE_*` are read from (default `process.env`). */
  environment?: NodeJS.ProcessEnv;
  /** smskit's logger (default: silent). */
  logger?: Logger;
  /** Debug logging is on: message texts stay in errors and log lines (default: they read `<message>`). */
  debug?: boolean;
  /** How many sandbox messages are kept (default 50). */
  sandboxCapacity?: number;
  /** The durable queue behind `POST /api/messages` (with a PostgreSQL store: `@smskit/queue-postgres`). */
  queue?: MessageQueue;
  /** How many sends the in-process worker runs at once (`SMSKIT_WORKERS`); 0 runs none (an API-only instance). */
  workers?: number;
}

/**
 * Build the demo server (not listening yet): smskit with the SQLite store and the providers
 * discovered from the package.json, the JSON API under `/api` (every route behind the admin
 * token), `/healthz`, `/metrics`, the sandbox endpoint and the web UI. Closing the server
 * lets running sends finish, then closes provider instances and the store.
 */
export async function buildServer(options: DemoServerOptions): Promise<FastifyInstance> {
  const storePath = resolveStoreLocation(options.storePath);
  const postgres = isPostgresUrl(storePath);
  const adminTokenFile =
    options.adminTokenFile ?? (storePath === ":memory:" || postgres ? undefined : `${storePath}.admin-token`);
  if (postgres && adminTokenFile === undefined && !options.adminToken) {
    throw new Error(
      "with a PostgreSQL store, give the admin token (SMSKIT_ADMIN_TOKEN, the same on every instance) or a file for it",
    );
  }
  if (adminTokenFile === undefined && !options.adminToken) {
    throw new Error("with the store :memory:, give the admin token (SMSKIT_ADMIN_TOKEN) or a file for it");
  }
  const adminToken = await resolveAdminToken({
    environmentToken: options.adminToken,
    file: adminTokenFile ?? "",
  });
  const { store, label: storeLabel } = await openDemoStore(
    storePath,
    dirname(options.packageJson ?? ownPackageJson),
  );
  let smskit: Smskit;
  try {
    smskit = await createSmskit({
      store,
      discover: { packageJson: options.packageJson ?? ownPackageJson },
      logger: options.logger ?? silentLogger,
      environment: options.environment ?? process.env,
      debug: options.debug === true,
      instances: instanceLimits(options.environment ?? process.env),
      ...(options.queue ? { queue: options.queue } : {}),
    });
  } catch (error) {
    await store.close();
    await options.queue?.close();
    throw error;
  }
  // The worker stops (finishing its sends) when smskit closes.
  if (options.queue && (options.workers ?? 0) > 0) smskit.work({ concurrency: options.workers ?? 0 });
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
    forceCloseConnections: "idle",
  });
  const context: DemoContext = {
    smskit,
    inbox: new SandboxInbox(options.sandboxCapacity ?? 50),
    sandboxSecret: createSandboxSecret(),
    adminToken,
    sends: new InFlight(),
    storePath: storeLabel,
    environment: options.environment ?? process.env,
  };
  app.decorate("demo", context);
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(demoErrors.SMSKIT_E_NOT_FOUND.status).send({
      code: demoErrors.SMSKIT_E_NOT_FOUND.code,
      message: demoErrors.SMSKIT_E_NOT_FOUND.format({
        what: `no route ${request.method} ${request.url.split("?")[0]}`,
      }),
    } satisfies ErrorBody),
  );
  // Once closing, every answer still going out ends its connection, so that closing does not
  // wait for the clients' keep-alive connections to time out.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close");
    return payload;
  });
  app.addHook("onClose", async () => {
    await context.sends.settled();
    await smskit.close();
  });

  const openApi = collectOpenApi(app, {
    title: "smskit demo",
    version: appVersion(),
    description:
      "Define SMS and push gateways from the installed providers' schemas and send through them. Every /api route needs Authorization: Bearer <admin token>.",
  });
  await app.register(healthRoutes);
  await app.register(sandboxEndpoint);
  await app.register(receiptRoutes);
  await app.register(webUiRoutes);
  await app.register(docsSiteRoutes, { directory: docsDirectory(options.environment ?? process.env) });
  await app.register(
    async (api) => {
      api.addHook("onRequest", async (request, reply) => authorize(adminToken, request, reply));
      await api.register(providerRoutes);
      await api.register(gatewayRoutes);
      await api.register(smtpServerRoutes);
      await api.register(routeDefinitionRoutes);
      await api.register(transferRoutes);
      await api.register(sandboxMessageRoutes);
      await api.register(messageRoutes);
      await api.register(enqueueRoutes);
      await api.register(inspectRoutes);
      await api.register(bulkRoutes);
      api.get(
        "/openapi.json",
        {
          schema: {
            summary: "This API as an OpenAPI 3.1 document",
            tags: ["operations"],
            response: {
              200: { type: "object", additionalProperties: true, description: "The OpenAPI document." },
              ...apiErrorResponses,
            },
          },
        },
        async () => openApi,
      );
    },
    { prefix: "/api" },
  );
  return app;
}

/**
 * Listen, then aim the `sandbox` gateway at this server (created on a first start with an
 * empty store). Resolves with the base URL, e.g. `http://127.0.0.1:8080/`.
 */
export async function startServer(
  app: FastifyInstance,
  listen: { host: string; port: number },
): Promise<string> {
  await app.listen(listen);
  const url = baseUrl(app.server.address() as AddressInfo);
  await aimSandboxGateway(app.demo.smskit, url, app.demo.sandboxSecret.value);
  return url;
}

/** The URL a local client reaches a listening address at (a wildcard address becomes loopback). */
export function baseUrl(address: AddressInfo): string {
  let host = address.address;
  if (host === "0.0.0.0") host = "127.0.0.1";
  if (host === "::") host = "::1";
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/`;
}

async function authorize(token: AdminToken, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const presented = bearerToken(request.headers.authorization);
  if (presented !== undefined && token.verify(presented)) return;
  const unauthorized = demoErrors.SMSKIT_E_UNAUTHORIZED;
  await reply
    .status(unauthorized.status)
    .header("www-authenticate", 'Bearer realm="smskit"')
    .send({
      code: unauthorized.code,
      message: unauthorized.format({
        problem:
          presented === undefined
            ? "this route needs the admin token: send Authorization: Bearer <token>"
            : "the admin token is wrong",
      }),
    } satisfies ErrorBody);
}

function appVersion(): string {
  const metadata = JSON.parse(readFileSync(ownPackageJson, "utf8")) as { version?: string };
  return metadata.version ?? "0.0.0";
}

export type { DemoContext } from "./demo-context.js";
