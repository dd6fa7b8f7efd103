import type { IngressContext, PlatformModule, RunningIngress } from "../adapters/platform-module.js";
// Light: it loads a platform's module (Bolt, discord.js) only when that platform is configured.
import { configuredPlatformModules } from "../adapters/platform-modules.js";
import type { Config } from "../config.js";
import type { Ask, PlatformName } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { Platform } from "../core/platform.js";
import { createHttpServer, type HttpServer } from "../http/http-server.js";
import { addMetricsRoute } from "../http/metrics-route.js";
import { addHealthRoutes, type ReadinessCheck, redisReadiness } from "../http/readiness.js";
import type { SubmitResult } from "../ingress/submit.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import type { AnswerWorker } from "../queue/answer-worker.js";
import type { RetryTiming } from "../queue/job-options.js";
import type { WorkerTiming } from "../queue/worker-timing.js";
import { waitForRedis } from "../redis/connect-redis.js";
import { createPipeline, type Pipeline } from "./pipeline.js";

/**
 * What a process runs: `ingress` takes questions from the configured platforms, `worker` answers them,
 * `both` is `rte serve`, and `terminal` is a worker answering the terminal only (`rte ask`, `rte chat`).
 */
export type Role = "ingress" | "worker" | "both" | "terminal";

export interface StartRolesOptions {
  role: Role;
  config: Readonly<Config>;
  redisUrl: string;
  logger: Logger;
  /** The queue questions go through; default the shared one. A terminal process passes its own. */
  queueName?: string;
  /** The chat platforms to run (default: every one whose variables are set). */
  modules?: PlatformModule[];
  /** Platforms the worker answers besides the modules' (the terminal, which reads the pipeline's transcript). */
  platforms?: (pipeline: Pipeline) => Partial<Record<PlatformName, Platform>>;
  /** Wait for Redis before starting (the producer fails fast until connected, and a first question is near). */
  waitForRedis?: boolean;
  retry?: RetryTiming;
  timing?: Partial<WorkerTiming>;
  /** Every question ingress took, refused or skipped, after metrics saw it (tests count them). */
  onSubmitted?: (ask: Ask, result: SubmitResult) => void;
  /** Every attempt's end, after metrics and usage saw it (tests collect them). */
  onOutcome?: (outcome: AnswerOutcome) => void;
}

export interface RunningRoles {
  pipeline: Pipeline;
  /** The process's counters behind /metrics; absent for `terminal`. */
  metrics: Metrics | undefined;
  /** Health, metrics and Slack's HTTP endpoint; not listening until `listen`. Absent for `terminal`. */
  http: HttpServer | undefined;
  /** What each platform's ingress was started with (a second ingress on the same Redis uses it too). */
  ingressContext: IngressContext | undefined;
  ingresses: Array<{ name: PlatformName; running: RunningIngress }>;
  worker: AnswerWorker | undefined;
  /** Platforms that were started, by name. */
  names: PlatformName[];
  /**
   * Ingress first (no new questions), then the HTTP server, then answers in flight finish or go back.
   * `graceMs`: how long answers in flight may still run (see AnswerWorker.close).
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * The one way a process starts its roles: `rte serve`/`ingress`/`worker`, the terminal runtime and the
 * end-to-end harnesses all come through here, so the tests run the production wiring.
 */
export async function startRoles(options: StartRolesOptions): Promise<RunningRoles> {
  const { config, logger, role } = options;
  // The terminal serves no /metrics: counting there would only cost time.
  const metrics = role === "terminal" ? undefined : createMetrics({ prices: config.prices, logger });
  const pipeline = createPipeline({
    config,
    redisUrl: options.redisUrl,
    logger,
    ...(options.queueName ? { queueName: options.queueName } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(role === "terminal" ? { modelThread: false } : {}),
    onSubmitted: (ask, result) => {
      metrics?.observeSubmission(ask, result);
      options.onSubmitted?.(ask, result);
    },
    onOutcome: (outcome) => {
      metrics?.observeOutcome(outcome);
      options.onOutcome?.(outcome);
    },
  });
  const runsIngress = role === "ingress" || role === "both";
  const runsWorker = role !== "ingress";
  const modules = role === "terminal" ? [] : (options.modules ?? (await configuredPlatformModules(config)));
  const http = metrics && createHttpServer(logger);
  const context = {
    config,
    logger,
    transcript: pipeline.transcript,
    state: pipeline.state,
    ...(metrics ? { metrics } : {}),
  };
  const ingressContext: IngressContext | undefined = http && {
    ...context,
    submit: pipeline.submit,
    http,
    requestStop: pipeline.requestStop,
    recordFeedback: pipeline.feedback.record,
  };
  const running: RunningRoles = {
    pipeline,
    metrics,
    http,
    ingressContext,
    ingresses: [],
    worker: undefined,
    names: modules.map((module) => module.name),
    async stop(stopOptions = {}) {
      for (const ingress of running.ingresses) await ingress.running.stop().catch(() => {});
      await http?.close();
      await pipeline.close(stopOptions);
    },
  };
  try {
    if (options.waitForRedis) await waitForRedis(pipeline.producerRedis, options.redisUrl);
    if (http && metrics) {
      metrics.watchQueue(pipeline.queue.queue);
      addHealthRoutes(http, () => readinessChecks(running));
      addMetricsRoute(http, metrics.registry);
    }
    if (runsWorker) {
      running.worker = pipeline.startWorker({
        ...Object.fromEntries(modules.map((module) => [module.name, module.createPlatform(context)])),
        ...options.platforms?.(pipeline),
      });
      metrics?.watchWorker(running.worker.worker);
    }
    if (runsIngress && ingressContext) {
      for (const module of modules) {
        running.ingresses.push({ name: module.name, running: await module.startIngress(ingressContext) });
      }
    }
    // Running means answering: the worker takes jobs once its model thread has loaded, meanwhile the
    // ingresses above started, so a process that says it runs is ready (/readyz).
    await running.worker?.started;
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

function readinessChecks(running: RunningRoles): ReadinessCheck[] {
  const worker = running.worker?.worker;
  return [
    redisReadiness(running.pipeline.producerRedis),
    ...running.ingresses.map(({ name, running: ingress }) => ({ name, check: () => ingress.health() })),
    ...(worker
      ? [
          {
            name: "worker",
            check: async () => ({
              ok: worker.isRunning(),
              detail: worker.isRunning() ? "running" : "stopped",
            }),
          },
        ]
      : []),
  ];
}
