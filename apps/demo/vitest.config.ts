import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The workspace packages are linked, not in node_modules, so vitest would transform its own
    // copy of @smskit/core while discovery imports the providers (and their core) natively: two
    // SmsError classes. Load every built workspace package natively, as the app does in production.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//, /\/plugins\/[^/]+\/dist\//] } },
    testTimeout: 15_000,
    // One PostgreSQL server for the files that need one (the instances over one database).
    globalSetup: ["@smskit/test-postgres/global-setup"],
  },
});
