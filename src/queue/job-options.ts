import type { JobsOptions } from "bullmq";

export const backoffType = "rte";

export interface RetryTiming {
  /** How many times a question is tried before the user is told it failed. */
  attempts: number;
  /** First retry delay; doubles each attempt up to `maxDelayMs`, unless Claude sent Retry-After. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryTiming: RetryTiming = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000 };

/**
 * Options for every answer job. Completed jobs are kept an hour (so a late duplicate still finds the job
 * id taken) and failed ones a week (for `rte doctor` and post-mortems); the dedupe key in Redis covers the
 * 24 h beyond that.
 */
export function answerJobOptions(jobId: string, timing: RetryTiming): JobsOptions {
  return {
    jobId,
    attempts: timing.attempts,
    backoff: { type: backoffType },
    removeOnComplete: { age: 3_600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}

/** Exponential backoff with jitter; a Retry-After from Claude or a platform wins when it is longer. */
export function retryDelay(
  attemptsMade: number,
  timing: RetryTiming,
  retryAfterMs: number | undefined,
): number {
  const exponential = Math.min(timing.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1), timing.maxDelayMs);
  const jittered = exponential * (0.8 + Math.random() * 0.4);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
