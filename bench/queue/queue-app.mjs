// What every process of the queue benchmark opens: smskit on the shared store (the PostgreSQL
// store when @smskit/store-postgres is installed, else one SQLite file), the HTTP provider aimed
// at the sink, and the pg-boss queue in the benchmark's database.
import { createSmskit, SqliteGatewayStore } from "@smskit/core";
import httpProvider from "@smskit/provider-http";
import { createPostgresQueue } from "@smskit/queue-postgres";

/** Open the benchmark's smskit; `queue: false` opens it without a queue (the direct-send baseline). */
export async function openApp({ database, storeFile, queue = true }) {
  const store = await openStore(database, storeFile);
  const options = { store, providers: [httpProvider], secretKey: Buffer.alloc(32, 7) };
  if (queue) options.queue = await createPostgresQueue({ connectionString: database, maxConnections: 6 });
  return createSmskit(options);
}

/** The store every process shares. */
async function openStore(database, storeFile) {
  if (storeFile) return SqliteGatewayStore.open(storeFile);
  const { PostgresGatewayStore } = await import("@smskit/store-postgres");
  return PostgresGatewayStore.open(database);
}

/** Aim the gateway `otp` at the sink. */
export async function saveGateway(smskit, sinkUrl) {
  await smskit.saveGateway({
    name: "otp",
    provider: "http",
    parameters: { URL: `${sinkUrl}/send`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
    options: { to: "{phone}", text: "{otp}" },
  });
}
