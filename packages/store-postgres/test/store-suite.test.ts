import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { storeSuite } from "@smskit/testkit";
import { afterAll, beforeAll } from "vitest";
import { PostgresGatewayStore } from "../src/index.js";

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server.stop();
});

storeSuite(
  "PostgreSQL",
  async () => {
    const url = await server.createDatabase();
    return { store: await PostgresGatewayStore.open(url), connect: () => PostgresGatewayStore.open(url) };
  },
  { shared: true },
);
