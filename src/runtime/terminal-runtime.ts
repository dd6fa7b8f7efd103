import { createTerminalPlatform, type TerminalPlatform } from "../adapters/terminal/terminal-platform.js";
import { createTerminalSession } from "../adapters/terminal/terminal-session.js";
import { type Config, requireAnthropicKey } from "../config.js";
import { createLogger } from "../observability/logger.js";
import { leaseRedis } from "./redis-url.js";
import { startRoles } from "./start-roles.js";

/**
 * Everything `rte ask` and `rte chat` need in one process: Redis (private unless REDIS_URL), the queue,
 * a worker with the terminal platform, and a session. `close()` undoes all of it.
 */
export async function startTerminalRuntime(config: Readonly<Config>) {
  // Logs go to stderr and only when something is wrong: stdout is the answer.
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  requireAnthropicKey(config);
  const redis = await leaseRedis(config, logger);
  let platform: TerminalPlatform | undefined;
  const running = await startRoles({
    role: "terminal",
    config,
    redisUrl: redis.url,
    logger,
    // The producer fails fast until connected (no offline queue), so the first question must wait for it.
    waitForRedis: true,
    platforms: (pipeline) => {
      platform = createTerminalPlatform({
        transcript: pipeline.transcript,
        output: process.stdout,
        diagnostics: process.stderr,
      });
      return { terminal: platform };
    },
  }).catch(async (error: unknown) => {
    await redis.release();
    throw error;
  });
  const close = async () => {
    await running.stop();
    await redis.release();
  };
  try {
    await running.worker?.worker.waitUntilReady();
    if (!platform) throw new Error("the terminal platform was not started");
    return { ask: createTerminalSession(running.pipeline.submit, platform), close };
  } catch (error) {
    await close();
    throw error;
  }
}
