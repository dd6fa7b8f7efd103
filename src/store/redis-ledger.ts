import type { Redis } from "ioredis";
import { OwnershipLostError } from "../core/errors.js";
import type { ReplyLedger, ReplyProgress } from "../core/platform.js";
import { connectionScript, type ScriptCall } from "./connection-script.js";
import { keyFor } from "./keys.js";

/** Longer than any job's lifetime with all its retries; then the ledger is of no use. */
const ledgerTtlSeconds = 24 * 3_600;

/**
 * Who may write: the attempt holding the job's lock. `lockKey` holds the owner's token while it owns the job
 * (BullMQ: `<prefix>:<queue>:<jobId>:lock`, set when a worker takes the job, renewed while it runs, and
 * replaced when another worker takes over a job whose lock lapsed). `activeKey` and `stalledKey` are the
 * queue's active list and stalled set, which say whether a lapsed job is still this attempt's to take back.
 */
export interface LedgerOwner {
  jobId: string;
  /** BullMQ's hash of the job (`<prefix>:<queue>:<jobId>`), whose `stc` field counts the job's stalls. */
  jobKey: string;
  lockKey: string;
  activeKey: string;
  stalledKey: string;
  token: string;
  /** How long a confirmed owner keeps the lock at least: the job's lock duration. */
  holdMs: number;
  /**
   * How the lock tokens of this worker's own attempts start (BullMQ: `<worker id>:`). A later attempt of
   * this job on this same worker joins this one (queue/attempts-here.ts), so its token is this attempt's
   * to act with when it is found in the lock before the join has passed it on.
   */
  siblingPrefix?: string;
}

/** The owner of a job running on a BullMQ worker (`toKey` is the worker's or the queue's own). */
export function jobOwner(
  queue: { toKey(type: string): string; id?: string },
  jobId: string,
  token: string | (() => string),
  holdMs: number,
): LedgerOwner {
  // A getter: the attempt's token changes when a later attempt of the job joins it (queue/attempts-here.ts).
  const current = typeof token === "string" ? () => token : token;
  return {
    jobId,
    jobKey: queue.toKey(jobId),
    lockKey: `${queue.toKey(jobId)}:lock`,
    activeKey: queue.toKey("active"),
    stalledKey: queue.toKey("stalled"),
    get token() {
      return current();
    },
    holdMs,
    ...(queue.id === undefined ? {} : { siblingPrefix: `${queue.id}:` }),
  };
}

/**
 * An attempt that learns it lost its job is alive: the stall that handed the job on was a starved worker,
 * not a dead one. BullMQ counts every stall alike (`moveStalledJobsToWait` increments the job hash's `stc`
 * and fails the job once it exceeds `maxStalledCount`), so a busy machine would fail answers whose workers
 * never died. `lost` gives that stall back, once per attempt (KEYS[6], a set of the tokens that did), so
 * the limit counts only stalls nobody came back from: workers that died, or never ran a fenced write again.
 * A job whose limit was already exceeded when the stall happened is failed by BullMQ all the same.
 */
const giveStallBack = (jobKey: string, givenBack: string) => `
local function lost(result)
  if redis.call("SADD", ${givenBack}, ARGV[1]) == 1 then
    redis.call("EXPIRE", ${givenBack}, ${ledgerTtlSeconds})
    if tonumber(redis.call("HGET", ${jobKey}, "stc") or "0") > 0 then redis.call("HINCRBY", ${jobKey}, "stc", -1) end
  end
  return result
end
`;

/**
 * Both scripts take KEYS = lock, ledger, active, stalled, job hash, stalls-given-back set, and start the same way: this attempt may go on
 * when it holds the lock, or when the lock lapsed while nobody took the job (the job is still in the active
 * list, so BullMQ's stalled check has not handed it back) and nobody wrote the ledger since this attempt
 * last saw it (ARGV[3], "" for none; "*" before it has looked). Then it takes the lock back with its own
 * token, as BullMQ's `extendLock` would (set, and out of the stalled set), and BullMQ's own renewals and
 * its completing the job work again. A starved worker's locks lapse often while nobody else is there to
 * take the job; taking it back keeps the answer going instead of abandoning it to a fresh attempt.
 *
 * Safe: every BullMQ move of a job (stalled check, moveToActive) and these scripts run one at a time in
 * Redis. A job in the active list with no lock has no other owner that can write: another attempt could
 * only have had it via the wait list, and its writes would have changed the ledger this attempt last saw.
 */
const mayGoOn = `${giveStallBack("KEYS[5]", "KEYS[6]")}
local holder = redis.call("GET", KEYS[1])
local mine = holder == ARGV[1]
if holder and not mine then return lost(holder) end
if ARGV[3] ~= "*" and (redis.call("GET", KEYS[2]) or "") ~= ARGV[3] then
  if mine then return 0 end
  return lost(0)
end
local active = mine or redis.call("LPOS", KEYS[3], ARGV[4])
if active and not mine then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  redis.call("SREM", KEYS[4], ARGV[4])
elseif mine and redis.call("PTTL", KEYS[1]) < tonumber(ARGV[2]) then
  redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
`;

/**
 * Ownership confirmed and held: the lock is extended to a whole lock period if less remains, or taken
 * back (see `mayGoOn`). A starved worker renews its locks late; this renews right before each platform
 * write.
 * ARGV = token, holdMs, last seen ledger, jobId.
 */
const confirmOwner = `${mayGoOn}
if active then return 1 end
return lost(0)`;

/**
 * The ledger write, checked and written in one step (ARGV as confirmOwner's, then the value and its TTL):
 * refused (0) when another attempt holds the lock or wrote since. When the lock is simply gone and BullMQ
 * already handed the job back to the queue, the write is still made and the attempt told it lost the job
 * (2): this write usually records a post that already happened. It is safe because taking a job over sets
 * its lock (BullMQ's moveToActive, one script) before the new attempt reads the ledger: either this write
 * comes first and the new owner sees the post (and edits it), or the new owner's lock comes first and this
 * write is refused.
 *
 * What remains is that refusal: an attempt that confirmed ownership, posted, and then could not write the
 * ledger for longer than a whole lock period plus a stalled check (a platform request that slow, or a
 * worker that starved) while another attempt took the job and read the ledger, leaves a post the new owner
 * does not know of. message-reply.ts keeps that window short; the overload benchmark counts what is left.
 */
const writeIfOwner = `${mayGoOn}
redis.call("SET", KEYS[2], ARGV[5], "EX", ARGV[6])
if active then return 1 end
return lost(2)`;

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
  /** Once lost, always lost: a write still in flight from an abandoned attempt must not adopt a sibling. */
  let gone = false;
  const lost = () => {
    gone = true;
    return new OwnershipLostError(`job ${jobId}'s lock is gone or held by another worker`);
  };
  /** The ledger as this attempt last read or wrote it ("" for none, "*" before it looked). */
  let lastSeen = "*";
  /** A sibling's token found in the lock, and the owner's token when it was found (see `siblingPrefix`). */
  let adopted: { token: string; over: string } | undefined;
  const token = (fence: LedgerOwner) => (adopted?.over === fence.token ? adopted.token : fence.token);
  // Scripts rather than EVAL: connection-script.ts says why.
  const scripts = {
    write: connectionScript(redis, "rteLedgerWrite", 6, writeIfOwner),
    confirmOwner: connectionScript(redis, "rteLedgerConfirmOwner", 6, confirmOwner),
  };
  const run = (fence: LedgerOwner, script: ScriptCall, extra: Array<string | number>) =>
    script(
      fence.lockKey,
      key,
      fence.activeKey,
      fence.stalledKey,
      fence.jobKey,
      givenBackKey(fence),
      token(fence),
      fence.holdMs,
      lastSeen,
      fence.jobId,
      ...extra,
    );
  /** 1 owned, 2 written but lost, 0 refused (the scripts return the lock's holder when another holds it). */
  const fenced = async (script: ScriptCall, ...extra: Array<string | number>): Promise<unknown> => {
    if (!owner) return 1;
    if (gone) return 0;
    const result = await run(owner, script, extra);
    if (typeof result !== "string") return result;
    if (owner.siblingPrefix === undefined || !result.startsWith(owner.siblingPrefix)) return 0;
    adopted = { token: result, over: owner.token };
    const again = await run(owner, script, extra);
    return typeof again === "string" ? 0 : again;
  };
  return {
    async read() {
      const value = await redis.get(key);
      lastSeen = value ?? "";
      return value === null ? undefined : (JSON.parse(value) as ReplyProgress);
    },
    async write(progress) {
      const value = JSON.stringify(progress);
      if (!owner) {
        await redis.set(key, value, "EX", ledgerTtlSeconds);
        return;
      }
      const written = await fenced(scripts.write, value, ledgerTtlSeconds);
      if (written !== 0) lastSeen = value;
      if (written !== 1) throw lost();
    },
    ...(owner
      ? {
          async confirmOwner() {
            if ((await fenced(scripts.confirmOwner)) !== 1) throw lost();
          },
        }
      : {}),
  };
}

/** The tokens of the job's attempts that gave their stall back. */
const givenBackKey = (owner: Pick<LedgerOwner, "jobKey">) => `${owner.jobKey}:stalls-given-back`;

const returnStallScript = `${giveStallBack("KEYS[1]", "KEYS[2]")}\nreturn lost(1)`;

/** Gives back the stall that took the job from `previousToken`'s attempt, found alive; once per token. */
export async function returnStall(
  redis: Redis,
  owner: Pick<LedgerOwner, "jobKey">,
  previousToken: string,
): Promise<void> {
  const giveBack = connectionScript(redis, "rteLedgerReturnStall", 2, returnStallScript);
  await giveBack(owner.jobKey, givenBackKey(owner), previousToken);
}
