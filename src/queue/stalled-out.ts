import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Ask, PlatformName } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { Platform } from "../core/platform.js";
import { createRedisLedger } from "../store/redis-ledger.js";
import { describeError } from "./describe-error.js";

/** BullMQ's reason for a job that stalled more than `maxStalledCount` times. */
export const stalledOutReason = "job stalled more than allowable limit";

const notice =
  "I couldn't finish this answer: the bot's workers kept stopping mid-answer (crashed or overloaded). Please ask again in a few minutes.";

export interface StalledOutOptions {
  redis: Redis;
  prefix: string;
  platforms: Partial<Record<PlatformName, Platform>>;
  logger: Logger;
  onOutcome?: (outcome: AnswerOutcome) => void;
}

/**
 * A job that stalled too often is failed by BullMQ without running the answer again, so the answer's own
 * failure path never runs and the asker would hear nothing. This says so in the thread, in the messages the
 * earlier attempts posted (the ledger; nobody else writes to a failed job's answer, so it is not fenced).
 */
export function tellWhenStalledOut(
  worker: { on(event: "failed", listener: (job: Job<Ask> | undefined, error: Error) => void): unknown },
  options: StalledOutOptions,
): void {
  worker.on("failed", (job, error) => {
    if (!job?.id || error.message !== stalledOutReason) return;
    const ask = job.data;
    const jobId = job.id;
    const logger = options.logger.child({ jobId, platform: ask.conversation.platform });
    logger.error({}, "gave up on an answer whose workers kept stalling");
    options.onOutcome?.({
      ask,
      jobId,
      outcome: "failed",
      attempt: job.attemptsMade + 1,
      error,
      // No attempt ran: the time it spent is all waiting, from the question to this verdict.
      queueWaitMs: Date.now() - ask.receivedAt,
      durationMs: 0,
    });
    const platform = options.platforms[ask.conversation.platform];
    if (!platform) return;
    void (async () => {
      const ledger = createRedisLedger(options.redis, options.prefix, jobId);
      const reply = await platform.openReply(ask, { ledger, signal: new AbortController().signal });
      await reply.fail(notice);
    })().catch((failError: unknown) =>
      logger.error({ error: describeError(failError) }, "could not tell the user the answer failed"),
    );
  });
}
