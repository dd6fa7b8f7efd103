import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { Ask } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { SubmitResult } from "../ingress/submit.js";
import type { PriceTable } from "../usage/prices.js";
import { createAnswerObserver } from "./answer-observer.js";
import { createJobCountsGauge, type JobCounter } from "./job-counts.js";
import { createLockLossCounter, type LockEvents } from "./lock-losses.js";

/**
 * The Prometheus metrics of one rte process, served at `/metrics`. Each process has its own registry (never
 * prom-client's global one), so tests and several pipelines in one process do not share counts.
 *
 * Platform adapters observe the two histograms only they can measure; the pipeline feeds the rest through
 * `observeSubmission` and `observeOutcome`.
 */
export interface Metrics {
  registry: Registry;
  /** Ingress: seconds from receiving a platform event to acknowledging it (Slack and Discord allow 3 s). */
  ackLatency: Histogram<"platform">;
  /** Worker: seconds from ingress receiving a question to its first answer text showing on the platform. */
  firstVisibleText: Histogram<"platform">;
  /** Ingress: 👍/👎 clicks on answers, by platform and verdict (`up`, `down`). */
  feedback: Counter<"platform" | "verdict">;
  /** For `createSubmit`'s `onSubmitted`: questions by platform, trigger and status; refusals by cause. */
  observeSubmission(ask: Ask, result: SubmitResult): void;
  /** For the worker's `onOutcome`: answers, retries, latencies, tokens, server tools and estimated cost. */
  observeOutcome(outcome: AnswerOutcome): void;
  /** Reports this queue's job counts by state at every scrape. */
  watchQueue(queue: JobCounter): void;
  /** Counts the times this process's worker lost hold of a job (lock-losses.ts). */
  watchWorker(worker: LockEvents): void;
}

export interface MetricsOptions {
  prices: PriceTable;
  logger: Logger;
}

/** Seconds; ingress answers in milliseconds, and 3 s is where Slack and Discord give up. */
const ackBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Seconds; mostly instant, long when Claude is overloaded and answers wait for retries. */
const waitBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds until a person sees the bot start answering. */
const firstTextBuckets = [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60];
/** Seconds; answers with code run long (8,192 output tokens take minutes). */
const durationBuckets = [1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300];

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const instruments = {
    questions: new Counter({
      name: "rte_questions_total",
      help: "Questions ingress took, by platform, trigger and status (queued, duplicate, refused)",
      labelNames: ["platform", "trigger", "status"] as const,
      registers,
    }),
    refusals: new Counter({
      name: "rte_refusals_total",
      help: "Questions refused at ingress, by cause (user-rate-limit, channel-rate-limit, too-long, …)",
      labelNames: ["platform", "cause"] as const,
      registers,
    }),
    answers: new Counter({
      name: "rte_answers_total",
      help: "Questions finished, by outcome: answered, stopped by the user, or failed after the last attempt",
      labelNames: ["platform", "outcome"] as const,
      registers,
    }),
    retries: new Counter({
      name: "rte_answer_retries_total",
      help: "Attempts that failed and were queued again, by error code",
      labelNames: ["platform", "code"] as const,
      registers,
    }),
    queueWait: new Histogram({
      name: "rte_queue_wait_seconds",
      help: "From ingress receiving a question to a worker starting its first attempt",
      labelNames: ["platform"] as const,
      buckets: waitBuckets,
      registers,
    }),
    firstText: new Histogram({
      name: "rte_time_to_first_text_seconds",
      help: "From ingress receiving a question to Claude's first text reaching the reply",
      labelNames: ["platform"] as const,
      buckets: firstTextBuckets,
      registers,
    }),
    duration: new Histogram({
      name: "rte_answer_duration_seconds",
      help: "Length of the final attempt, from its start to the end of the reply",
      labelNames: ["platform", "outcome"] as const,
      buckets: durationBuckets,
      registers,
    }),
    tokens: new Counter({
      name: "rte_tokens_total",
      help: "Claude tokens of answered questions, by model and kind (input, output, cache_read, cache_write)",
      labelNames: ["platform", "model", "kind"] as const,
      registers,
    }),
    serverTools: new Counter({
      name: "rte_server_tool_requests_total",
      help: "Server tool calls of answered questions, by model and tool (web_search, web_fetch, code_execution)",
      labelNames: ["platform", "model", "tool"] as const,
      registers,
    }),
    cost: new Counter({
      name: "rte_estimated_cost_dollars_total",
      help: "Estimated Claude cost of answered questions in dollars (tokens and web searches), at the configured price table",
      labelNames: ["platform", "model"] as const,
      registers,
    }),
  };
  const jobCounts = createJobCountsGauge(registry, options.logger);
  const lockLosses = createLockLossCounter(registry);
  const observer = createAnswerObserver({ instruments, prices: options.prices, logger: options.logger });
  return {
    registry,
    ackLatency: new Histogram({
      name: "rte_ack_latency_seconds",
      help: "From receiving a platform event to acknowledging it, measured by the platform adapter",
      labelNames: ["platform"] as const,
      buckets: ackBuckets,
      registers,
    }),
    firstVisibleText: new Histogram({
      name: "rte_time_to_first_visible_text_seconds",
      help: "From ingress receiving a question to its first answer text showing on the platform",
      labelNames: ["platform"] as const,
      buckets: firstTextBuckets,
      registers,
    }),
    feedback: new Counter({
      name: "rte_feedback_total",
      help: "👍/👎 clicks on answers, by platform and verdict (up, down)",
      labelNames: ["platform", "verdict"] as const,
      registers,
    }),
    observeSubmission: observer.observeSubmission,
    observeOutcome: observer.observeOutcome,
    watchQueue: jobCounts.watch,
    watchWorker: lockLosses.watch,
  };
}
