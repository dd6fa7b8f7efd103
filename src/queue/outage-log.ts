import type { Redis } from "ioredis";
import type { Logger } from "../core/logger.js";
import { describeError } from "./describe-error.js";

/** How often a long outage is mentioned again. */
const reminderMs = 60_000;

/** Node's codes for a Redis that cannot be reached, and ioredis's word for a connection it gave up on. */
const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && unreachableCodes.has(code)) || error.message === "Connection is closed.";
}

export interface OutageLog {
  /** Logs `error` if it is the first sign of an outage (or a minute into one); false if it is not about reaching Redis. */
  report(error: unknown): boolean;
}

/**
 * The worker's account of a Redis outage: one error when Redis stops answering, a reminder each minute it
 * stays away, and one line when `redis` is ready again. Without it every reconnect attempt of every
 * connection was an error line of its own, 30 in a 12-second outage, and nothing said when it ended.
 * Nothing needs doing meanwhile: the connections retry on their own and answers in flight wait for them.
 */
export function createOutageLog(redis: Redis, logger: Logger, now: () => number = Date.now): OutageLog {
  let since: number | undefined;
  let lastSaid = 0;
  redis.on("ready", () => {
    if (since === undefined) return;
    logger.info({ downForMs: now() - since }, "Redis is reachable again; the worker goes on");
    since = undefined;
  });
  return {
    report(error) {
      if (!isRedisUnreachable(error)) return false;
      if (since === undefined) {
        since = now();
        lastSaid = since;
        logger.error(
          { error: describeError(error) },
          "Redis is unreachable: answers wait and go on when it is back (is it running? check REDIS_URL)",
        );
      } else if (now() - lastSaid >= reminderMs) {
        lastSaid = now();
        logger.error({ downForMs: now() - since, error: describeError(error) }, "Redis is still unreachable");
      }
      return true;
    },
  };
}
