import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type AnswerResult, answer } from "../core/answer.js";
import { type Ask, conversationKey, type PlatformName } from "../core/ask.js";
import { errorMessage, isOwnershipLost, isPermanent, RteError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Model } from "../core/model.js";
import type { Platform } from "../core/platform.js";
import type { Transcript } from "../core/transcript.js";
import { createAnswerRecords, personaVersion } from "../store/answer-records.js";
import { createRedisLedger } from "../store/redis-ledger.js";
import { createConversationOrder } from "./conversation-order.js";
import { backoffType, defaultRetryTiming, type RetryTiming, retryDelay } from "./job-options.js";
import { decideRetry } from "./retry-decision.js";
import { createStopRequests } from "./stop-requests.js";

export interface WorkerTiming {
  /** How long a job's lock lasts without renewal; a dead worker's job is taken over soon after. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. */
  stalledIntervalMs: number;
  /** How long a follow-up waits before checking again whether the answer before it is done. */
  orderPollMs: number;
  /** After SIGTERM, how long in-flight answers may run before they are handed back to the queue. */
  shutdownGraceMs: number;
}

/**
 * A killed worker's job must be resumed within about 20 s (DESIGN.md). BullMQ takes over a job at the
 * second stalled check after its lock expires, so: lock 8 s + up to two 5 s checks ≈ 18 s.
 */
export const defaultWorkerTiming: WorkerTiming = {
  lockDurationMs: 8_000,
  stalledIntervalMs: 5_000,
  orderPollMs: 300,
  shutdownGraceMs: 25_000,
};

export interface AnswerOutcome {
  ask: Ask;
  jobId: string;
  /** "abandoned": this attempt lost its job's lock and stopped writing; another attempt finishes the answer. */
  outcome: "answered" | "failed" | "retrying" | "stopped" | "abandoned";
  /** 1 for the first try; retries count up (a job taken over from a dead worker keeps its number). */
  attempt: number;
  result?: AnswerResult;
  error?: unknown;
  queueWaitMs: number;
  firstTextMs?: number;
  durationMs: number;
}

export interface AnswerWorkerOptions {
  redis: Redis;
  prefix: string;
  queue: Queue<Ask>;
  platforms: Partial<Record<PlatformName, Platform>>;
  model: Model;
  transcript: Transcript;
  /** The system prompt for a question (per-channel personas). */
  persona: (ask: Ask) => string;
  contextTokens: number;
  concurrency: number;
  logger: Logger;
  retry?: RetryTiming;
  timing?: Partial<WorkerTiming>;
  onOutcome?: (outcome: AnswerOutcome) => void;
}

export interface AnswerWorker {
  worker: Worker<Ask>;
  /**
   * Stops taking jobs, lets answers finish within the grace period (default `shutdownGraceMs`; 0 for a
   * terminal interrupted by Ctrl-C), hands the rest back, then resolves.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export function createAnswerWorker(options: AnswerWorkerOptions): AnswerWorker {
  const timing = { ...defaultWorkerTiming, ...options.timing };
  const retry = options.retry ?? defaultRetryTiming;
  const order = createConversationOrder(options.redis, options.prefix, options.queue);
  const shutdown = new AbortController();
  const stops = createStopRequests(options.redis, options.prefix);
  const records = createAnswerRecords(options.redis, options.prefix);
  const subscriber = options.redis.duplicate();
  subscriber.on("error", () => {});

  const process = async (
    job: Job<Ask>,
    token: string | undefined,
    jobSignal?: AbortSignal,
  ): Promise<{ characters: number }> => {
    const ask = job.data;
    const logger = options.logger.child({
      jobId: job.id,
      platform: ask.conversation.platform,
      conversation: conversationKey(ask.conversation),
      trigger: ask.trigger,
    });
    const jobId = job.id ?? ask.id;
    if (!(await order.isTurnOf(ask, jobId))) {
      await job.moveToDelayed(Date.now() + timing.orderPollMs, token);
      throw new DelayedError();
    }
    const platform = options.platforms[ask.conversation.platform];
    if (!platform) {
      await order.release(ask, jobId);
      throw new UnrecoverableError(`No ${ask.conversation.platform} platform is configured on this worker.`);
    }
    const startedAt = Date.now();
    const attemptNumber = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    let firstTextAt: number | undefined;
    const signal = jobSignal ? AbortSignal.any([shutdown.signal, jobSignal]) : shutdown.signal;
    const report = (outcome: AnswerOutcome["outcome"], extra: Partial<AnswerOutcome>) =>
      options.onOutcome?.({
        ask,
        jobId,
        outcome,
        attempt: attemptNumber,
        queueWaitMs: startedAt - ask.receivedAt,
        durationMs: Date.now() - startedAt,
        ...(firstTextAt === undefined ? {} : { firstTextMs: firstTextAt - ask.receivedAt }),
        ...extra,
      });
    const reply = await platform
      .openReply(ask, {
        // Fenced by the job's lock (redis-ledger.ts): an attempt that lost the job stops writing at once.
        ledger: createRedisLedger(options.redis, options.prefix, jobId, {
          lockKey: `${worker.toKey(jobId)}:lock`,
          token: token ?? "",
          holdMs: timing.lockDurationMs,
        }),
        // Not the job's signal: after a Stop the reply still has to say "(Stopped.)" and take its button away.
        signal: shutdown.signal,
      })
      .catch(async (error: unknown) => {
        // A place the bot cannot write to (unknown channel, no access) will not open on a retry either.
        if (!isPermanent(error)) throw error;
        logger.error({ attempt: attemptNumber, error: describe(error) }, "cannot reply here; giving up");
        await order.release(ask, jobId);
        report("failed", { error });
        throw new UnrecoverableError(errorMessage(error));
      });
    const stopped = async (): Promise<{ characters: number }> => {
      logger.info({}, "stopped by the user");
      await reply.finish({ kind: "stopped" });
      await order.release(ask, jobId);
      report("stopped", {});
      return { characters: 0 };
    };
    /**
     * Another attempt owns the answer now (this worker was too starved to renew its lock in time): nothing
     * more is written, nothing is released or told to the user; the new owner resumes from the ledger.
     * Thrown, not returned, so BullMQ does not mark the job done; it cannot change the job either, since
     * finishing a job needs its lock, and BullMQ reports that as "Missing lock" / "Lock mismatch".
     */
    const abandoned = (error: unknown): never => {
      logger.warn(
        { attempt: attemptNumber },
        "lost the job's lock; leaving the answer to the attempt that took it over",
      );
      report("abandoned", { error });
      throw error;
    };
    if (await stops.isRequested(jobId)) return stopped();
    try {
      logger.info({ attempt: attemptNumber }, "answering");
      const persona = options.persona(ask);
      const result = await answer(ask, {
        platform,
        model: options.model,
        reply,
        persona,
        budget: { maxContextTokens: options.contextTokens },
        logger,
        signal,
        onFirstText: () => {
          firstTextAt = Date.now();
        },
      });
      await options.transcript.append(ask.conversation, [
        { role: "user", text: ask.text, author: ask.author.name ?? ask.author.id, messageId: ask.messageId },
        { role: "assistant", text: result.text },
      ]);
      await records.save({
        askId: ask.id,
        conversation: ask.conversation,
        question: ask.text,
        answer: result.text,
        model: result.model,
        personaVersion: personaVersion(persona),
        usage: result.usage,
        answeredAt: Date.now(),
      });
      await order.release(ask, jobId);
      logger.info(
        { stopReason: result.stopReason, usage: result.usage, ms: Date.now() - startedAt },
        "answered",
      );
      report("answered", { result });
      return { characters: result.text.length };
    } catch (error) {
      if (isOwnershipLost(error)) return abandoned(error);
      if (jobSignal?.aborted && !shutdown.signal.aborted) return stopped();
      if (signal.aborted) {
        // Shutting down: hand the job back untouched (no attempt spent); the next worker resumes the reply.
        logger.info({}, "handing the answer back to the queue at shutdown");
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      const decision = decideRetry(error, attemptNumber, maxAttempts);
      if (decision.retry) {
        logger.warn({ attempt: attemptNumber, error: describe(error) }, "answer failed; will retry");
        await reply.status(decision.statusText).catch((statusError: unknown) => {
          logger.warn({ error: describe(statusError) }, "could not show the retry status");
        });
        report("retrying", { error });
        throw error;
      }
      logger.error({ attempt: attemptNumber, error: describe(error) }, "answer failed; giving up");
      await reply.fail(decision.notice).catch((failError: unknown) => {
        logger.error({ error: describe(failError) }, "could not tell the user the answer failed");
      });
      await order.release(ask, jobId);
      report("failed", { error });
      throw new UnrecoverableError(errorMessage(error));
    }
  };

  // The queue it serves: the shared one, or a terminal process's own.
  const worker = new Worker<Ask>(options.queue.name, process, {
    connection: options.redis,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: timing.lockDurationMs,
    stalledInterval: timing.stalledIntervalMs,
    // A job whose worker died twice is still worth a third try: the ledger makes resuming safe.
    maxStalledCount: 3,
    settings: {
      backoffStrategy: (attemptsMade, type, error) =>
        type === backoffType
          ? retryDelay(attemptsMade, retry, error instanceof RteError ? error.retryAfterMs : undefined)
          : 0,
    },
  });
  worker.on("error", (error) => {
    // A starved worker's lock lapsed and its job went to another attempt: expected under overload, and
    // harmless now that every write is fenced, so a warning rather than an error.
    if (isLockLost(error)) options.logger.warn({ error: describe(error) }, "job lock lost");
    else options.logger.error({ error: describe(error) }, "worker error");
  });
  void stops
    .listen(subscriber, (jobId) => worker.cancelJob(jobId, "stopped by the user"))
    .catch((error: unknown) =>
      options.logger.error({ error: describe(error) }, "cannot listen for stop requests"),
    );

  return {
    worker,
    async close(closeOptions = {}) {
      const closing = worker.close();
      const timer = setTimeout(() => shutdown.abort(), closeOptions.graceMs ?? timing.shutdownGraceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        subscriber.disconnect();
      }
    },
  };
}

/** BullMQ's words for a job whose lock this worker no longer holds (its scripts' error codes -2 and -6). */
function isLockLost(error: unknown): boolean {
  return /Missing lock|Lock mismatch|could not renew lock/.test(errorMessage(error));
}

function describe(error: unknown): { code?: string; message: string } {
  return error instanceof RteError
    ? { code: error.code, message: error.message }
    : { message: errorMessage(error) };
}
