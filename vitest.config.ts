import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    globalSetup: ["test/support/global-redis.ts", "test/support/global-build.ts"],
    // Limits catch hangs, not slowness (speed is the benchmark's): on a loaded 2-core machine the longest
    // end-to-end tests (the signed-request fuzz, the killed worker) came near 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests start servers and workers; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
