import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One server for the whole suite (what every package with PostgreSQL tests does).
    globalSetup: ["./src/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
