import type { Redis } from "ioredis";
import { connectionScript } from "../store/connection-script.js";

/**
 * Takes back, right before this worker's own stalled check, the locks of the jobs it is still running that
 * lapsed while it was starved: KEYS = the queue's active list and stalled set; ARGV = the lock duration,
 * the key prefix of the queue's jobs, then job id and token pairs. A lock still held by the token is
 * renewed; a missing one is set again only while the job is still in the active list (no stalled check
 * has handed it back, so no other attempt can have it), as BullMQ's own renewal would have done in time.
 */
const takeBack = `
for index = 3, #ARGV, 2 do
  local jobId, token = ARGV[index], ARGV[index + 1]
  local lockKey = ARGV[2] .. jobId .. ":lock"
  local holder = redis.call("GET", lockKey)
  if holder == token or (not holder and redis.call("LPOS", KEYS[1], jobId)) then
    redis.call("SET", lockKey, token, "PX", ARGV[1])
    redis.call("SREM", KEYS[2], jobId)
  end
end
return 0`;

/**
 * A starved worker's own stalled check would otherwise hand back the jobs it is running: its timers fire
 * late, the check before the renewal, and a live answer is taken over by this same worker, which then
 * carries it on (attempts-here.ts) or starts it over. Taking its own live jobs' locks back first leaves the
 * check to what it is for, jobs whose worker died. Another worker's check still hands a starved worker's
 * lapsed jobs on, and every write stays fenced by the ledger (store/redis-ledger.ts), so an attempt that
 * was handed on elsewhere and given the lock back here is refused once the other attempt has written.
 */
export async function keepOwnLocks(
  redis: Redis,
  queue: { toKey(type: string): string },
  attempts: ReadonlyMap<string, string>,
  lockDurationMs: number,
): Promise<void> {
  const pairs = [...attempts].flat();
  const takeBackLocks = connectionScript(redis, "rteTakeBackOwnLocks", 2, takeBack);
  await takeBackLocks(
    queue.toKey("active"),
    queue.toKey("stalled"),
    lockDurationMs,
    queue.toKey(""),
    ...pairs,
  );
}
