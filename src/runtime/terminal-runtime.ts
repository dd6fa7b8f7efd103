import { createTerminalPlatform } from "../adapters/terminal/terminal-platform.js";
import { createTerminalSession } from "../adapters/terminal/terminal-session.js";
import { type Config, requireAnthropicKey } from "../config.js";
import type { Logger } from "../core/logger.js";
import { createLogger } from "../observability/logger.js";
import { createTerminalQueue, type TerminalQueue, terminalQueueName } from "../queue/terminal-queue.js";
import { waitForRedis } from "../redis/connect-redis.js";
import { createPipeline, type Pipeline } from "./pipeline.js";
import { leaseRedis, type RedisLease } from "./redis-url.js";

export interface TerminalRuntime {
  ask: ReturnType<typeof createTerminalSession>;
  /**
   * Undoes everything. `interrupted`: the person pressed Ctrl-C or the terminal is gone, so print nothing
   * more, abandon the answer in flight at once and do not wait for the private Redis to stop.
   */
  close(options?: { interrupted?: boolean }): Promise<void>;
}

/**
 * Everything `rte ask` and `rte chat` need in one process: Redis (private unless REDIS_URL), a queue of
 * this process's own (see terminal-queue.ts), a worker with the terminal platform, and a session.
 */
export async function startTerminalRuntime(config: Readonly<Config>): Promise<TerminalRuntime> {
  // Logs go to stderr and only when something is wrong: stdout is the answer.
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  requireAnthropicKey(config);
  const redis = await leaseRedis(config, logger);
  const queueName = terminalQueueName();
  const pipeline = createPipeline({ config, redisUrl: redis.url, logger, queueName });
  const queue = createTerminalQueue({
    redis: pipeline.producerRedis,
    prefix: config.queuePrefix,
    name: queueName,
    logger,
  });
  try {
    return await startSession(pipeline, redis, queue, logger);
  } catch (error) {
    await pipeline.close({ graceMs: 0 });
    await redis.release();
    throw error;
  }
}

async function startSession(
  pipeline: Pipeline,
  redis: RedisLease,
  queue: TerminalQueue,
  logger: Logger,
): Promise<TerminalRuntime> {
  const platform = createTerminalPlatform({
    transcript: pipeline.transcript,
    output: process.stdout,
    diagnostics: process.stderr,
  });
  const worker = pipeline.startWorker({ terminal: platform });
  await worker.worker.waitUntilReady();
  // The producer fails fast until connected (no offline queue), so the first question must wait for it.
  await waitForRedis(pipeline.producerRedis, redis.url);
  await queue.claim();
  let closing: Promise<void> | undefined;
  return {
    ask: createTerminalSession(pipeline.submit, platform),
    close(options = {}) {
      if (options.interrupted) platform.mute();
      closing ??= (async () => {
        await worker.close(options.interrupted ? { graceMs: 0 } : {});
        await queue.release().catch((error: unknown) => {
          logger.debug({ error: String(error) }, "could not drop this terminal's queue");
        });
        await pipeline.close({ graceMs: 0 });
        await redis.release(options.interrupted ? { waitMs: 0 } : {});
      })();
      return closing;
    },
  };
}
