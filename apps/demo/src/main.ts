import { stderrLogger } from "@smskit/core";
import { queueFromEnvironment } from "./queue-option.js";
import { buildServer, startServer } from "./server.js";

/**
 * `npm start`: the demo server from the environment. HOST (default 127.0.0.1), PORT (default
 * 8080), SMSKIT_STORE (default ./data/smskit.db), SMSKIT_ADMIN_TOKEN (default: generated at the
 * first start and printed once), SMSKIT_WORKERS (with a PostgreSQL store: the in-process worker's
 * concurrent sends, default 16; 0 for an API-only instance). SIGTERM and SIGINT stop it gracefully.
 */
async function main(): Promise<void> {
  const environment = process.env;
  const host = nonEmpty(environment.HOST) ?? "127.0.0.1";
  const port = Number(nonEmpty(environment.PORT) ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0 to 65535), not '${environment.PORT}'`);
  }
  const storePath = nonEmpty(environment.SMSKIT_STORE) ?? "./data/smskit.db";
  const adminToken = nonEmpty(environment.SMSKIT_ADMIN_TOKEN);
  const debug = nonEmpty(environment.SMSKIT_LOG_LEVEL) === "debug";
  const logger = stderrLogger(debug ? "debug" : "info");
  const { queue, workers } = await queueFromEnvironment(storePath, environment, logger);
  const app = await buildServer({
    storePath,
    ...(adminToken === undefined ? {} : { adminToken }),
    environment,
    logger,
    debug,
    ...(queue ? { queue, workers } : {}),
  });
  for (const failure of app.demo.smskit.discoveryFailures) {
    process.stderr.write(`warning: provider package ${failure.package} was skipped: ${failure.reason}\n`);
  }
  const url = await startServer(app, { host, port });
  const token = app.demo.adminToken;
  const providers = app.demo.smskit.providers().map((provider) => provider.id);
  process.stdout.write(`smskit demo listening on ${url}\n`);
  process.stdout.write(`  docs: ${url}docs/\n`);
  process.stdout.write(`  store: ${app.demo.storePath}; providers: ${providers.join(", ") || "none"}\n`);
  if (token.generated !== undefined) {
    process.stdout.write(
      `\n  Admin token (shown only this once; its hash is kept in ${token.file}):\n\n    ${token.generated}\n\n` +
        `  Open ${url}#token=${token.generated} to sign in directly.\n` +
        "  Lost it? Delete that file and restart for a new one, or set SMSKIT_ADMIN_TOKEN.\n\n",
    );
  } else if (token.source === "environment") {
    process.stdout.write("  admin token: SMSKIT_ADMIN_TOKEN\n");
  } else {
    process.stdout.write(`  admin token: the one printed at the first start (hash in ${token.file})\n`);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing running sends, then closing\n`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while closing: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

main().catch((error: unknown) => {
  process.stderr.write(`smskit demo could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
