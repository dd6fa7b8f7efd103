import { createTerminalPlatform, type TerminalPlatform } from "../adapters/terminal/terminal-platform.js";
import { createTerminalSession } from "../adapters/terminal/terminal-session.js";
import { type Config, requireAnthropicKey } from "../config.js";
import { createLogger } from "../observability/logger.js";
import { createTerminalQueue, terminalQueueName } from "../queue/terminal-queue.js";
import { leaseRedis } from "./redis-url.js";
import { startRoles } from "./start-roles.js";

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
 * this process's own (see terminal-queue.ts), a worker with the terminal platform started the way every
 * role starts (startRoles), and a session.
 */
export async function startTerminalRuntime(config: Readonly<Config>): Promise<TerminalRuntime> {
  // Logs go to stderr and only when something is wrong: stdout is the answer.
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  requireAnthropicKey(config);
  const redis = await leaseRedis(config, logger);
  const queueName = terminalQueueName();
  let platform: TerminalPlatform | undefined;
  let running: Awaited<ReturnType<typeof startRoles>> | undefined;
  try {
    running = await startRoles({
      role: "terminal",
      config,
      redisUrl: redis.url,
      logger,
      queueName,
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
    });
    const { pipeline, worker } = running;
    if (!platform || !worker) throw new Error("startRoles did not start the terminal worker");
    await worker.worker.waitUntilReady();
    const queue = createTerminalQueue({
      redis: pipeline.producerRedis,
      prefix: config.queuePrefix,
      name: queueName,
      logger,
    });
    await queue.claim();
    const started = { running, platform, worker, queue };
    let closing: Promise<void> | undefined;
    return {
      ask: createTerminalSession(pipeline.submit, platform),
      close(options = {}) {
        if (options.interrupted) started.platform.mute();
        closing ??= (async () => {
          await started.worker.close(options.interrupted ? { graceMs: 0 } : {});
          await started.queue.release().catch((error: unknown) => {
            logger.debug({ error: String(error) }, "could not drop this terminal's queue");
          });
          await started.running.stop({ graceMs: 0 });
          await redis.release(options.interrupted ? { waitMs: 0 } : {});
        })();
        return closing;
      },
    };
  } catch (error) {
    await running?.stop({ graceMs: 0 });
    await redis.release();
    throw error;
  }
}
