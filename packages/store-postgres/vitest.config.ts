import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One PostgreSQL server for every test file; each file or test takes a database of its own.
    globalSetup: ["@smskit/test-postgres/global-setup"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
