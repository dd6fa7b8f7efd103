import { type Config, requireAnthropicKey } from "../config.js";
import { ConfigError } from "../core/errors.js";
import { createLogger } from "../observability/logger.js";
import { applyRolePriority } from "../runtime/process-priority.js";
import { leaseRedis, type RedisLease } from "../runtime/redis-url.js";
import { type Role, startRoles } from "../runtime/start-roles.js";

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
  const role: Role = both ? "both" : roles.ingress ? "ingress" : "worker";
  applyRolePriority(role, config, logger);
  const running = await startRoles({ role, config, redisUrl: redis.url, logger });
  const port = (await running.http?.listen(config.port)) ?? config.port;
  const names = running.names;
  logger.info(
    { port, roles, platforms: names },
    names.length > 0
      ? `rte is running: ${names.join(" and ")} on port ${port}`
      : `rte is running on port ${port} with no chat platform: set SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET and/or DISCORD_TOKEN + DISCORD_APPLICATION_ID (see docs/slack.md, docs/discord.md). Try \`rte ask\` meanwhile.`,
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
  await running.stop();
  await redis.release();
  logger.info({}, "stopped");
  return 0;
}
