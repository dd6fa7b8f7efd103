import type { Redis } from "ioredis";
import { OwnershipLostError } from "../core/errors.js";
import type { ReplyLedger, ReplyProgress } from "../core/platform.js";
import { keyFor } from "./keys.js";

/** Longer than any job's lifetime with all its retries; then the ledger is of no use. */
const ledgerTtlSeconds = 24 * 3_600;

/**
 * Who may write: the attempt holding the job's lock. `lockKey` holds the owner's token while it owns the job
 * (BullMQ: `<prefix>:<queue>:<jobId>:lock`, set when a worker takes the job, renewed while it runs, and
 * replaced when another worker takes over a job whose lock lapsed).
 */
export interface LedgerOwner {
  lockKey: string;
  token: string;
  /** How long a confirmed owner keeps the lock at least: the job's lock duration. */
  holdMs: number;
}

/**
 * The ledger write, checked and written in one step: refused (0) when another attempt holds the lock.
 * When the lock is simply gone (it lapsed and nobody took the job yet) the write is still made, and the
 * attempt told it lost the job (2): this write usually records a post that already happened. It is safe
 * because taking a job over sets its lock (BullMQ's moveToActive, one script) before the new attempt reads
 * the ledger, and Redis runs scripts one at a time: either this write comes first and the new owner sees
 * the post (and edits it), or the new owner's lock comes first and this write is refused.
 *
 * What remains is that refusal: an attempt that confirmed ownership, posted, and then could not write the
 * ledger for longer than a whole lock period plus a stalled check (a platform request that slow, or a
 * worker that starved) while another attempt took the job and read the ledger, leaves a post the new owner
 * does not know of. message-reply.ts keeps that window short; the overload benchmark counts what is left.
 */
const writeIfOwner = `
local holder = redis.call("GET", KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call("SET", KEYS[2], ARGV[2], "EX", ARGV[3])
if holder then return 1 end
return 2`;

/**
 * Ownership confirmed and held: the lock is extended to a whole lock period if less remains, as BullMQ's
 * own `extendLock` would (its stalled-set bookkeeping matters only to a lock that is gone, which this
 * refuses). A starved worker renews its locks late; this renews right before each platform write.
 */
const confirmOwner = `
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call("PTTL", KEYS[1]) < tonumber(ARGV[2]) then redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 1`;

/**
 * A reply's progress per job, so a retried or taken-over job edits what was posted instead of posting
 * again. With an `owner`, every write and every `confirmOwner` is fenced by the job's lock: an attempt
 * that lost its job gets OwnershipLostError and writes nothing (core/message-reply.ts says what remains).
 */
export function createRedisLedger(
  redis: Redis,
  prefix: string,
  jobId: string,
  owner?: LedgerOwner,
): ReplyLedger {
  const key = keyFor(prefix, "ledger", jobId);
  const lost = () => new OwnershipLostError(`job ${jobId}'s lock is gone or held by another worker`);
  return {
    async read() {
      const value = await redis.get(key);
      return value === null ? undefined : (JSON.parse(value) as ReplyProgress);
    },
    async write(progress) {
      const value = JSON.stringify(progress);
      if (!owner) {
        await redis.set(key, value, "EX", ledgerTtlSeconds);
        return;
      }
      const written = await redis.eval(
        writeIfOwner,
        2,
        owner.lockKey,
        key,
        owner.token,
        value,
        ledgerTtlSeconds,
      );
      if (written !== 1) throw lost();
    },
    ...(owner
      ? {
          async confirmOwner() {
            const held = await redis.eval(confirmOwner, 1, owner.lockKey, owner.token, owner.holdMs);
            if (held !== 1) throw lost();
          },
        }
      : {}),
  };
}
