import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Loading the schema engine (WebAssembly) and replaying migrations takes a moment.
    testTimeout: 30000,
    // on PostgreSQL: the migrated template every test database is cloned from
    globalSetup: ["tests/global-setup.ts"],
  },
});
