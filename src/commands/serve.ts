import type { RunningIngress } from "../adapters/platform-module.js";
import { platformModules } from "../adapters/platform-modules.js";
import { type Config, requireAnthropicKey } from "../config.js";
import { ConfigError } from "../core/errors.js";
import { createHttpServer } from "../http/http-server.js";
import { addMetricsRoute } from "../http/metrics-route.js";
import { addHealthRoutes, type ReadinessCheck, redisReadiness } from "../http/readiness.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import type { AnswerWorker } from "../queue/answer-worker.js";
import { createPipeline } from "../runtime/pipeline.js";
import { leaseRedis, type RedisLease } from "../runtime/redis-url.js";

/** SIGTERM to exit, at most; fly.toml's kill_timeout and compose's stop_grace_period must be longer. */
export const shutdownDeadlineMs = 30_000;

export interface Roles {
  ingress: boolean;
  worker: boolean;
}

/**
 * `rte serve` (both roles), `rte ingress` and `rte worker`. Resolves when the process has shut down after
 * SIGTERM/SIGINT: ingress stops first, then in-flight answers finish or go back to the queue.
 */
export async function runServe(config: Readonly<Config>, roles: Roles): Promise<number> {
  const logger = createLogger({ level: config.logLevel });
  const both = roles.ingress && roles.worker;
  if (!both && !config.redisUrl) {
    throw new ConfigError(
      "Configuration problem:\n  REDIS_URL is not set\n      `rte ingress` and `rte worker` run on separate machines and must share one Redis: set REDIS_URL (only `rte serve` starts a private one).",
    );
  }
  if (roles.worker) requireAnthropicKey(config);
  const redis: RedisLease = await leaseRedis(config, logger);
  const metrics = createMetrics({ prices: config.prices, logger });
  const pipeline = createPipeline({
    config,
    redisUrl: redis.url,
    logger,
    onSubmitted: metrics.observeSubmission,
    onOutcome: metrics.observeOutcome,
  });
  metrics.watchQueue(pipeline.queue.queue);
  const modules = platformModules.filter((module) => module.isConfigured(config));
  const context = { config, logger, transcript: pipeline.transcript, state: pipeline.state, metrics };
  const http = createHttpServer(logger);
  const ingresses: Array<{ name: string; running: RunningIngress }> = [];
  let worker: AnswerWorker | undefined;

  const checks = (): ReadinessCheck[] => [
    redisReadiness(pipeline.producerRedis),
    ...ingresses.map(({ name, running }) => ({ name, check: () => running.health() })),
    ...(worker
      ? [
          {
            name: "worker",
            check: async () => ({
              ok: worker?.worker.isRunning() ?? false,
              detail: worker?.worker.isRunning() ? "running" : "stopped",
            }),
          },
        ]
      : []),
  ];
  addHealthRoutes(http, checks);
  addMetricsRoute(http, metrics.registry);

  if (roles.worker) {
    worker = pipeline.startWorker(
      Object.fromEntries(modules.map((module) => [module.name, module.createPlatform(context)])),
    );
  }
  if (roles.ingress) {
    for (const module of modules) {
      ingresses.push({
        name: module.name,
        running: await module.startIngress({
          ...context,
          submit: pipeline.submit,
          http,
          requestStop: pipeline.requestStop,
          recordFeedback: pipeline.feedback.record,
        }),
      });
    }
  }
  const port = await http.listen(config.port);
  const names = modules.map((module) => module.name);
  logger.info(
    { port, roles, platforms: names },
    names.length > 0
      ? `rte is running: ${names.join(" and ")} on port ${port}`
      : `rte is running on port ${port} with no chat platform: set SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET and/or DISCORD_TOKEN + DISCORD_APPLICATION_ID (see README). Try \`rte ask\` meanwhile.`,
  );

  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  logger.info({}, "shutting down: no new questions; finishing answers in flight");
  const hardStop = setTimeout(() => {
    logger.error({}, "shutdown took longer than 30 s; exiting");
    process.exit(1);
  }, shutdownDeadlineMs);
  hardStop.unref();
  for (const { running } of ingresses) await running.stop().catch(() => {});
  await http.close();
  await pipeline.close();
  await redis.release();
  logger.info({}, "stopped");
  return 0;
}
