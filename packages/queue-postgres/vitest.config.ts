import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@smskit/test-postgres/global-setup"],
    // Built workspace packages load natively (one copy of @smskit/core for the app and its providers).
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//, /\/plugins\/[^/]+\/dist\//] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
