import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The workspace packages are linked, not in node_modules, so vitest would transform its own
    // copy of @smskit/core while discovery imports the providers (and their core) natively: two
    // SmsError classes. Load every built workspace package natively, as the app does in production.
    server: {
      deps: { external: [/\/packages\/[^/]+\/dist\//, /\/plugins\/[^/]+\/dist\//, /\/apps\/[^/]+\/dist\//] },
    },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
