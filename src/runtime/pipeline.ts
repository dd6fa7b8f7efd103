import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import { requireAnthropicKey } from "../config.js";
import type { Ask, PlatformName } from "../core/ask.js";
import { finishesWithin, settleWithin } from "../core/finishes-within.js";
import type { Logger } from "../core/logger.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { Platform } from "../core/platform.js";
import type { SharedState } from "../core/shared-state.js";
import type { Transcript } from "../core/transcript.js";
import { createAdmission } from "../ingress/admission.js";
import { createIntakeGate } from "../ingress/intake-gate.js";
import { createSubmit, type Submit, type SubmitResult } from "../ingress/submit.js";
import { createClaudeModel } from "../llm/claude-model.js";
import { createThreadedModel } from "../llm/threaded-model.js";
import { createPersonaChooser } from "../persona/persona.js";
import { type AnswerWorker, createAnswerWorker } from "../queue/answer-worker.js";
import { type AskQueue, createAskQueue } from "../queue/ask-queue.js";
import type { RetryTiming } from "../queue/job-options.js";
import { createStopRequests } from "../queue/stop-requests.js";
import type { WorkerTiming } from "../queue/worker-timing.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createFeedbackStore, type FeedbackStore } from "../store/feedback-store.js";
import { createRedisSharedState } from "../store/redis-shared-state.js";
import { createRedisTranscript } from "../store/redis-transcript.js";
import { createUsageRecorder, type UsageRecorder } from "../usage/usage-recorder.js";
import { createUsageRollup } from "../usage/usage-rollup.js";

/** How long shutdown waits for usage writes in flight: with Redis gone they would wait for it for ever. */
const usageWriteWaitMs = 1_000;
/** How long a worker waits for its model thread to load before it takes questions anyway. */
const modelThreadLoadWaitMs = 10_000;

export interface PipelineOptions {
  config: Readonly<Config>;
  redisUrl: string;
  logger: Logger;
  /** The queue questions go through; default the shared one. A terminal process passes its own. */
  queueName?: string;
  retry?: RetryTiming;
  timing?: Partial<WorkerTiming>;
  /** Every question ingress took, refused or skipped as a duplicate (metrics). */
  onSubmitted?: (ask: Ask, result: SubmitResult) => void;
  /** Every attempt's end (metrics); token usage is recorded to Redis whether or not this is set. */
  onOutcome?: (outcome: AnswerOutcome) => void;
  /**
   * False keeps the model on the main thread whatever `RTE_MODEL_THREAD` says: the terminal answers one
   * question at a time, where a second thread would only add its start-up and its heap.
   */
  modelThread?: boolean;
}

/**
 * The queue side of a process: connections, the producer with admission (ingress), and — when asked —
 * the worker. Each role builds only what it uses.
 */
export interface Pipeline {
  producerRedis: Redis;
  queue: AskQueue;
  submit: Submit;
  transcript: Transcript;
  /** Asks whichever worker runs this question's answer to stop it (a Stop button). */
  requestStop(askId: string): Promise<void>;
  feedback: FeedbackStore;
  /** What adapters keep across processes (update budgets, claims, caches, joined threads). */
  state: SharedState;
  /** The worker's usage roll-up writes; `idle()` waits for those in flight. */
  usage: UsageRecorder | undefined;
  startWorker(platforms: Partial<Record<PlatformName, Platform>>): AnswerWorker;
  /** `graceMs`: how long answers in flight may still run (see AnswerWorker.close). */
  close(options?: { graceMs?: number }): Promise<void>;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { config, logger } = options;
  const producerRedis = connectRedis(options.redisUrl, "producer");
  const workerConnections: Redis[] = [];
  const queue = createAskQueue({
    redis: producerRedis,
    prefix: config.queuePrefix,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.queueName ? { name: options.queueName } : {}),
  });
  const transcript = createRedisTranscript(producerRedis, config.queuePrefix);
  const submit = createSubmit({
    queue,
    admission: createAdmission(config.queuePrefix, config.limits),
    gate: createIntakeGate(producerRedis),
    prefix: config.queuePrefix,
    logger,
    ...(options.onSubmitted ? { onSubmitted: options.onSubmitted } : {}),
  });
  let worker: AnswerWorker | undefined;
  const stops = createStopRequests(producerRedis, config.queuePrefix);
  let usage: UsageRecorder | undefined;
  let closeModel: (() => Promise<void>) | undefined;
  return {
    requestStop: (askId) => stops.request(askId),
    feedback: createFeedbackStore(producerRedis, config.queuePrefix),
    state: createRedisSharedState(producerRedis, config.queuePrefix),
    producerRedis,
    queue,
    submit,
    transcript,
    get usage() {
      return usage;
    },
    startWorker(platforms) {
      const redis = connectRedis(options.redisUrl, "worker");
      workerConnections.push(redis);
      // The worker's connection waits out a Redis restart, so usage written during one is late, not lost.
      const recorder = createUsageRecorder({ rollup: createUsageRollup(redis, config.queuePrefix), logger });
      usage = recorder;
      const modelOptions = {
        apiKey: requireAnthropicKey(config),
        baseUrl: config.anthropic.baseUrl,
        model: config.anthropic.model,
        maxTokens: config.anthropic.maxTokens,
        tools: config.tools,
      };
      const threaded =
        config.anthropic.thread && options.modelThread !== false
          ? createThreadedModel({
              ...modelOptions,
              concurrency: config.worker.concurrency,
              niceness: config.worker.modelThreadNiceness,
            })
          : undefined;
      closeModel = threaded?.close;
      const model = threaded ?? createClaudeModel(modelOptions);
      worker = createAnswerWorker({
        redis,
        prefix: config.queuePrefix,
        queue: queue.queue,
        platforms,
        model,
        transcript: createRedisTranscript(redis, config.queuePrefix),
        persona: createPersonaChooser(config.personas),
        contextTokens: config.worker.contextTokens,
        concurrency: config.worker.concurrency,
        logger,
        ...(options.retry ? { retry: options.retry } : {}),
        timing: {
          ...(config.worker.lockDurationMs === undefined
            ? {}
            : { lockDurationMs: config.worker.lockDurationMs }),
          ...(config.worker.stalledIntervalMs === undefined
            ? {}
            : { stalledIntervalMs: config.worker.stalledIntervalMs }),
          ...options.timing,
        },
        onOutcome: (outcome) => {
          recorder.record(outcome);
          options.onOutcome?.(outcome);
        },
        // A thread that takes this long to load is stuck; answers then fail and retry as they would anyway.
        ...(threaded
          ? {
              startWhen: settleWithin(threaded.ready, modelThreadLoadWaitMs, () =>
                logger.warn(
                  { waitedMs: modelThreadLoadWaitMs },
                  "the model thread has not loaded yet; taking questions anyway",
                ),
              ),
            }
          : {}),
      });
      return worker;
    },
    async close(closeOptions = {}) {
      await worker?.close(closeOptions);
      await closeModel?.();
      if (usage && !(await finishesWithin(usage.idle(), usageWriteWaitMs))) {
        logger.warn({}, "shut down before Redis took the last answers' usage; it is not recorded");
      }
      await queue.close();
      for (const redis of [...workerConnections, producerRedis]) redis.disconnect();
    },
  };
}
