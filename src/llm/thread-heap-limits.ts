import type { ResourceLimits } from "node:worker_threads";

/**
 * The thread's heap for `concurrency` answers at once. Its live heap is what the answers' requests hold (the
 * request bodies, the connections, the text read so far): 1,000 answers measured within 64 MB, so 64 KB an
 * answer, and never below 64 MB. Capped so the second heap cannot grow the process far past the main heap's
 * own cap (`--max-old-space-size=256`); a thread that runs out dies and its answers fail with a retryable
 * error. It scales with concurrency because a fixed cap would kill the thread of a worker configured for
 * many more answers again and again: the queue retries the failed answers into a new thread that fills up
 * the same way.
 */
export function threadHeapLimits(concurrency: number): ResourceLimits {
  return {
    maxOldGenerationSizeMb: Math.max(64, Math.ceil(concurrency * 0.064)),
    maxYoungGenerationSizeMb: 4,
  };
}
