import type { Redis } from "ioredis";
import type { UpdateBudget } from "../core/message-reply.js";
import { keyFor } from "./queue-names.js";

export interface UpdateBudgetRate {
  /** Intermediate updates allowed per window across every worker. */
  updates: number;
  windowMs: number;
}

/**
 * A platform's rate limit belongs to a workspace or channel, not to one answer: every worker streaming into
 * the same scope draws intermediate edits from one counter here. When it is spent, answers skip an update
 * and show more text at the next one; final messages never ask (they must go out).
 */
export function createRedisUpdateBudget(
  redis: Redis,
  prefix: string,
  scope: string,
  rate: UpdateBudgetRate,
): UpdateBudget {
  return {
    async take() {
      const window = Math.floor(Date.now() / rate.windowMs);
      const key = keyFor(prefix, "budget", scope, String(window));
      const [[, count] = []] =
        (await redis
          .multi()
          .incr(key)
          .pexpire(key, rate.windowMs * 2)
          .exec()) ?? [];
      return Number(count) <= rate.updates;
    },
  };
}
