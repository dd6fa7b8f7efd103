import { describe, expect, it } from "vitest";
import { threadHeapLimits } from "./thread-heap-limits.js";

describe("threadHeapLimits", () => {
  it("keeps the measured 64 MB floor up to 1,000 answers", () => {
    expect(threadHeapLimits(1).maxOldGenerationSizeMb).toBe(64);
    expect(threadHeapLimits(1_000).maxOldGenerationSizeMb).toBe(64);
  });

  it("grows by 64 KB an answer beyond that, so a larger worker's thread is not killed by its own load", () => {
    expect(threadHeapLimits(1_001).maxOldGenerationSizeMb).toBe(65);
    expect(threadHeapLimits(4_000).maxOldGenerationSizeMb).toBe(256);
  });

  it("keeps the young generation at 16 MB whatever the concurrency", () => {
    expect(threadHeapLimits(1).maxYoungGenerationSizeMb).toBe(16);
    expect(threadHeapLimits(4_000).maxYoungGenerationSizeMb).toBe(16);
  });
});
