import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Loading the schema engine (WebAssembly) and replaying migrations takes a moment.
    testTimeout: 30000,
  },
});
