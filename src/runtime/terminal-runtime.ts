import { createTerminalPlatform } from "../adapters/terminal/terminal-platform.js";
import { createTerminalSession } from "../adapters/terminal/terminal-session.js";
import { type Config, requireAnthropicKey } from "../config.js";
import { createLogger } from "../observability/logger.js";
import { waitForRedis } from "../redis/connect-redis.js";
import { createPipeline } from "./pipeline.js";
import { leaseRedis, type RedisLease } from "./redis-url.js";

/**
 * Everything `rte ask` and `rte chat` need in one process: Redis (private unless REDIS_URL), the queue,
 * a worker with the terminal platform, and a session. `close()` undoes all of it.
 */
export async function startTerminalRuntime(config: Readonly<Config>) {
  // Logs go to stderr and only when something is wrong: stdout is the answer.
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  requireAnthropicKey(config);
  const redis = await leaseRedis(config, logger);
  const pipeline = createPipeline({ config, redisUrl: redis.url, logger });
  try {
    return await startSession(pipeline, redis);
  } catch (error) {
    await pipeline.close();
    await redis.release();
    throw error;
  }
}

async function startSession(pipeline: ReturnType<typeof createPipeline>, redis: RedisLease) {
  const platform = createTerminalPlatform({
    transcript: pipeline.transcript,
    output: process.stdout,
    diagnostics: process.stderr,
  });
  const worker = pipeline.startWorker({ terminal: platform });
  await worker.worker.waitUntilReady();
  // The producer fails fast until connected (no offline queue), so the first question must wait for it.
  await waitForRedis(pipeline.producerRedis, redis.url);
  return {
    ask: createTerminalSession(pipeline.submit, platform),
    async close() {
      await pipeline.close();
      await redis.release();
    },
  };
}
