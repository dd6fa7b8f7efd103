import type { RetryTiming } from "../../src/queue/job-options.js";
import type { WorkerTiming } from "../../src/queue/worker-timing.js";

/** Production retries wait seconds; tests keep the same logic with millisecond delays. */
export const fastRetry: RetryTiming = { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 };

export const fastTiming: Partial<WorkerTiming> = { orderPollMs: 20, shutdownGraceMs: 2_000 };
