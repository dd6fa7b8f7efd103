import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Ask, PlatformName } from "../core/ask.js";
import { RteError } from "../core/errors.js";
import { finishesWithin } from "../core/finishes-within.js";
import type { Logger } from "../core/logger.js";
import type { Model } from "../core/model.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { Platform } from "../core/platform.js";
import type { Transcript } from "../core/transcript.js";
import { createAnswerRecords } from "../store/answer-records.js";
import { createRedisLedger, jobOwner, returnStall } from "../store/redis-ledger.js";
import { createAnswerJob } from "./answer-job.js";
import { createConversationOrder } from "./conversation-order.js";
import { describeError, isLockLost } from "./describe-error.js";
import { backoffType, defaultRetryTiming, type RetryTiming, retryDelay } from "./job-options.js";
import { LatestAttemptWorker } from "./latest-attempt-worker.js";
import { createOutageLog } from "./outage-log.js";
import { keepOwnLocks } from "./own-locks.js";
import { tellWhenStalledOut } from "./stalled-out.js";
import { createStopRequests } from "./stop-requests.js";
import { isReconnecting, type ReconnectingConnection, untilReconnected } from "./until-reconnected.js";
import { defaultWorkerTiming, type WorkerTiming } from "./worker-timing.js";

/** Longer than connect-redis.ts's longest retry delay (2 s), so a live Redis is reached before giving up. */
const reconnectWaitMs = 3_000;

/**
 * After the grace period, how long BullMQ gets to hand back the answers it aborted and end its connections
 * before close stops waiting: with Redis gone it would wait for Redis for ever, while a job left active
 * goes back to the queue anyway once its lock lapses. The default grace (25 s) plus this stays within
 * serve's 30 s shutdown deadline.
 */
const handBackMs = 3_000;

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
  clock?: () => number;
  onOutcome?: (outcome: AnswerOutcome) => void;
  /** The worker takes its first job once this settles (the model thread loaded); default at once. */
  startWhen?: Promise<void>;
}

export interface AnswerWorker {
  worker: Worker<Ask>;
  /** Settles when the worker begins taking jobs (at once without `startWhen`), or is closed first. */
  started: Promise<void>;
  /**
   * Stops taking jobs, lets answers finish within the grace period (default `shutdownGraceMs`; 0 for a
   * terminal interrupted by Ctrl-C), hands the rest back, then resolves: at most a few seconds after the
   * grace period (`handBackMs`), even with Redis gone.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * The BullMQ side of answering: a worker on the answers queue running `createAnswerJob` for each question,
 * with locks short enough that a dead worker's job is resumed quickly, Stop requests turned into job
 * cancellations, and a graceful close.
 */
export function createAnswerWorker(options: AnswerWorkerOptions): AnswerWorker {
  const timing = { ...defaultWorkerTiming, ...options.timing };
  const retry = options.retry ?? defaultRetryTiming;
  const { redis, prefix, logger } = options;
  const shutdown = new AbortController();
  const stops = createStopRequests(redis, prefix);
  const subscriber = redis.duplicate();
  subscriber.on("error", () => {});
  const onOutcome = options.onOutcome ? { onOutcome: options.onOutcome } : {};
  const handleJob = createAnswerJob({
    platforms: options.platforms,
    model: options.model,
    transcript: options.transcript,
    records: createAnswerRecords(redis, prefix),
    order: createConversationOrder(redis, prefix, options.queue),
    stops,
    ledger: (jobId, token) =>
      createRedisLedger(redis, prefix, jobId, jobOwner(worker, jobId, token, timing.lockDurationMs)),
    returnStall: (jobId, previousToken) => returnStall(redis, { jobKey: worker.toKey(jobId) }, previousToken),
    persona: options.persona,
    contextTokens: options.contextTokens,
    orderPollMs: timing.orderPollMs,
    logger,
    shutdown: shutdown.signal,
    clock: options.clock ?? Date.now,
    ...onOutcome,
  });

  // A starved worker often takes back the very job it lost: LatestAttemptWorker keeps that new attempt's lock
  // renewed when the old attempt ends, which BullMQ's own Worker does not.
  const worker = new LatestAttemptWorker<Ask>(options.queue.name, handleJob, {
    connection: redis,
    prefix,
    concurrency: options.concurrency,
    lockDuration: timing.lockDurationMs,
    stalledInterval: timing.stalledIntervalMs,
    // A stall is a worker that died or was starved past its lock (overload); the ledger makes resuming safe,
    // so only a job that keeps stalling (one that kills every worker it runs on) is given up, and its asker told.
    maxStalledCount: 10,
    autorun: options.startWhen === undefined,
    settings: {
      backoffStrategy: (attemptsMade, type, error) =>
        type === backoffType
          ? retryDelay(attemptsMade, retry, error instanceof RteError ? error.retryAfterMs : undefined)
          : 0,
    },
  });
  worker.keepOwnJobsBeforeStalledCheck((attempts) =>
    keepOwnLocks(redis, worker, attempts, timing.lockDurationMs),
  );
  tellWhenStalledOut(worker, { redis, prefix, platforms: options.platforms, logger, ...onOutcome });
  const outage = createOutageLog(redis, logger);
  worker.on("error", (error) => {
    // A starved worker's lock lapsed and its job went to another attempt: expected under overload, and
    // harmless now that every write is fenced, so a warning rather than an error.
    if (isLockLost(error)) logger.warn({ error: describeError(error) }, "job lock lost");
    else if (!outage.report(error)) logger.error({ error: describeError(error) }, "worker error");
  });
  // BullMQ's own duplicate of `redis` for its blocking reads; known once it has connected.
  let blocking: ReconnectingConnection | undefined;
  worker
    .getBackend()
    .blockingClient?.then((client) => {
      blocking = client;
    })
    .catch(() => {});
  void stops
    .listen(subscriber, (jobId) => worker.cancelJob(jobId, "stopped by the user"))
    .catch((error: unknown) =>
      logger.error({ error: describeError(error) }, "cannot listen for stop requests"),
    );
  let closing = false;
  const started =
    options.startWhen?.then(() => {
      // What BullMQ's autorun does, later.
      if (!closing) worker.run().catch((error: unknown) => worker.emit("error", error as Error));
    }) ?? Promise.resolve();
  return {
    worker,
    started,
    async close(closeOptions = {}) {
      closing = true;
      const graceMs = closeOptions.graceMs ?? timing.shutdownGraceMs;
      const deadline = Date.now() + graceMs + handBackMs;
      const timer = setTimeout(() => shutdown.abort(), graceMs);
      try {
        // BullMQ's close starts by disconnecting its blocking connection and waits for it to end, which
        // never comes if that connection is waiting to reconnect, as for a while after a Redis restart
        // (until-reconnected.ts). So wait for it, taking no new jobs; answers in flight go on meanwhile.
        if (blocking && isReconnecting(blocking)) {
          await worker.pause(true);
          await untilReconnected(blocking, Math.min(reconnectWaitMs, deadline - Date.now()));
        }
        if (!(await finishesWithin(worker.close(), deadline - Date.now()))) {
          logger.warn(
            { waitedMs: graceMs + handBackMs },
            "the worker did not close in time (is Redis reachable?); its unfinished answers go back to the queue when their locks lapse",
          );
        }
      } finally {
        clearTimeout(timer);
        subscriber.disconnect();
      }
    },
  };
}
