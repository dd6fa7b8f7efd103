import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    globalSetup: ["test/support/global-redis.ts", "test/support/global-build.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests start servers and workers; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
