import type { Redis } from "ioredis";
import type { ReplyLedger, ReplyProgress } from "../core/platform.js";
import { keyFor } from "./keys.js";

/** Longer than any job's lifetime with all its retries; then the ledger is of no use. */
const ledgerTtlSeconds = 24 * 3_600;

/** A reply's progress per job, so a retried or taken-over job edits what was posted instead of posting again. */
export function createRedisLedger(redis: Redis, prefix: string, jobId: string): ReplyLedger {
  const key = keyFor(prefix, "ledger", jobId);
  return {
    async read() {
      const value = await redis.get(key);
      return value === null ? undefined : (JSON.parse(value) as ReplyProgress);
    },
    async write(progress) {
      await redis.set(key, JSON.stringify(progress), "EX", ledgerTtlSeconds);
    },
  };
}
