import { createTerminalPlatform, type TerminalPlatform } from "../adapters/terminal/terminal-platform.js";
import { createTerminalSession } from "../adapters/terminal/terminal-session.js";
import { type Config, requireAnthropicKey } from "../config.js";
import { createLogger } from "../observability/logger.js";
import type { AnswerWorker } from "../queue/answer-worker.js";
import { createTerminalQueue, terminalQueueName } from "../queue/terminal-queue.js";
import { leaseRedis } from "./redis-url.js";
import { type RunningRoles, type StartRolesOptions, startRoles } from "./start-roles.js";

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
  let running: RunningRoles | undefined;
  try {
    const started = await startTerminalRoles({
      config,
      redisUrl: redis.url,
      logger,
      queueName,
      output: process.stdout,
      diagnostics: process.stderr,
    });
    running = started.running;
    const { platform, worker } = started;
    const roles = started.running;
    const queue = createTerminalQueue({
      redis: roles.pipeline.producerRedis,
      prefix: config.queuePrefix,
      name: queueName,
      logger,
    });
    await queue.claim();
    let closing: Promise<void> | undefined;
    return {
      ask: createTerminalSession(roles.pipeline.submit, platform),
      close(options = {}) {
        if (options.interrupted) platform.mute();
        closing ??= (async () => {
          await worker.close(options.interrupted ? { graceMs: 0 } : {});
          await queue.release().catch((error: unknown) => {
            logger.debug({ error: String(error) }, "could not drop this terminal's queue");
          });
          await roles.stop({ graceMs: 0 });
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

export interface TerminalRolesOptions extends Omit<StartRolesOptions, "role" | "platforms" | "waitForRedis"> {
  /** Where answers go (stdout). */
  output: NodeJS.WritableStream;
  /** Where statuses and failures go (stderr). */
  diagnostics: NodeJS.WritableStream;
}

/**
 * The terminal's worker started like every role (startRoles), with the terminal platform on the pipeline's
 * transcript, ready to take questions once this resolves. Used by the runtime above and the test harness.
 */
export async function startTerminalRoles(
  options: TerminalRolesOptions,
): Promise<{ running: RunningRoles; platform: TerminalPlatform; worker: AnswerWorker }> {
  const { output, diagnostics, ...roles } = options;
  let platform: TerminalPlatform | undefined;
  const running = await startRoles({
    ...roles,
    role: "terminal",
    // The producer fails fast until connected (no offline queue), so the first question must wait for it.
    waitForRedis: true,
    platforms: (pipeline) => {
      platform = createTerminalPlatform({ transcript: pipeline.transcript, output, diagnostics });
      return { terminal: platform };
    },
  });
  const { worker } = running;
  if (!platform || !worker) {
    await running.stop({ graceMs: 0 });
    throw new Error("startRoles did not start the terminal worker");
  }
  await worker.worker.waitUntilReady();
  return { running, platform, worker };
}
