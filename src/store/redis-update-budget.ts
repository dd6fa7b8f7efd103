import type { Redis } from "ioredis";
import type { UpdateBudget } from "../core/message-reply.js";
import type { UpdateBudgetRate } from "../core/shared-state.js";
import { connectionScript } from "./connection-script.js";
import { keyFor } from "./keys.js";

/** Counts one update in the window's key, which outlives its window by one more (ARGV[1], ms). */
const countUpdate = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return count`;

/**
 * A platform's rate limit belongs to a workspace or channel, not to one answer: every worker streaming into
 * the same scope draws intermediate edits from one counter here. When it is spent, answers skip an update
 * and show more text at the next one; final messages never ask (they must go out).
 *
 * A window's counter only grows, so once this budget has been refused in a window it answers "no" itself
 * until the next one. Under load that matters: every streaming answer asks about once a second, and with
 * the window spent those round trips to Redis were a fifth of a busy worker's CPU (bench, N = 1,000).
 * The count is one script call rather than a MULTI: an ioredis MULTI builds a pipeline object that copies
 * every script defined on the connection, and while their replies were awaited those objects were the
 * largest part of what the worker's young generation had to keep (sampled allocations, bench N = 1,000).
 */
export function createRedisUpdateBudget(
  redis: Redis,
  prefix: string,
  scope: string,
  rate: UpdateBudgetRate,
  now: () => number = Date.now,
): UpdateBudget {
  let spentWindow: number | undefined;
  const count = connectionScript(redis, "rteUpdateBudgetCount", 1, countUpdate);
  return {
    async take() {
      const window = Math.floor(now() / rate.windowMs);
      if (window === spentWindow) return false;
      const key = keyFor(prefix, "budget", scope, String(window));
      const granted = Number(await count(key, rate.windowMs * 2)) <= rate.updates;
      if (!granted) spentWindow = window;
      return granted;
    },
  };
}
