import type { ResourceLimits } from "node:worker_threads";

/**
 * The thread's heap for `concurrency` answers at once. Its live heap is what the answers' requests hold (the
 * request bodies, the connections, the text read so far): 1,000 answers measured within 64 MB, so 64 KB an
 * answer, and never below 64 MB. Capped so the second heap cannot grow the process far past the main heap's
 * own cap (`--max-old-space-size=256`); a thread that runs out dies and its answers fail with a retryable
 * error. It scales with concurrency because a fixed cap would kill the thread of a worker configured for
 * many more answers again and again: the queue retries the failed answers into a new thread that fills up
 * the same way.
 *
 * The young generation is 16 MB: the thread allocates about 45 MB a second at 1,000 answers (a network
 * read's buffers, decoded text and parsed events), and what it holds for the body reader's 100 ms and the
 * outbox's 250 ms outlived a 4 MB young generation's scavenges (27 a second). So about 20 MB a second was
 * promoted and the thread collected its whole heap every 0.65 s. At 16 MB it promotes about 3 MB a second
 * and collects in full every 3–4 s, and the worker used about 14 % less CPU (bench, N = 1,000,
 * docs/performance.md); its RSS is paid for by the main thread's smaller young generation (Dockerfile).
 */
export function threadHeapLimits(concurrency: number): ResourceLimits {
  return {
    maxOldGenerationSizeMb: Math.max(64, Math.ceil(concurrency * 0.064)),
    maxYoungGenerationSizeMb: 16,
  };
}
