import type { Redis } from "ioredis";
import type { RateCounts, RateKeys } from "./admission.js";

/** The delivery claim a platform takes for a question (Slack: every delivery of one message). */
export interface DeliveryClaim {
  key: string;
  ttlSeconds: number;
}

export type GateVerdict =
  /** Another delivery of this message holds the claim: it speaks for the question. */
  | { kind: "claimed-elsewhere" }
  /** The question is already queued (a late redelivery). */
  | { kind: "seen" }
  /** Go on; `counts` when the question was counted against its rate limits. */
  | { kind: "open"; counts: RateCounts | undefined };

export interface IntakeGate {
  pass(input: {
    seenKey: string;
    rateKeys: RateKeys;
    /** Count the question (false when it is refused anyway: a refused question does not use up a limit). */
    count: boolean;
    rateWindowSeconds: number;
    claim: DeliveryClaim | undefined;
  }): Promise<GateVerdict>;
  /** Gives a claim back (the question could not be stored), so the platform's retry can take it. */
  release(claimKey: string): Promise<void>;
}

/**
 * KEYS: seen, user counter, channel counter, [claim]. ARGV: count (1/0), window seconds, claim TTL.
 * The claim comes first so a second delivery of a message neither looks at `seen` nor counts; the counters
 * expire with their window.
 */
const gateScript = `
if #KEYS == 4 and not redis.call('SET', KEYS[4], '1', 'EX', ARGV[3], 'NX') then return {0, 0, 0} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {1, 0, 0} end
if ARGV[1] ~= '1' then return {2, -1, -1} end
local user = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
local channel = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[2])
return {2, user, channel}
`;

type GateCommand = (numberOfKeys: number, ...keysAndArguments: Array<string | number>) => Promise<number[]>;

/**
 * Everything ingress must ask Redis before it queues a question, in one script, so the acknowledgement
 * waits one round trip here instead of three (claim, then `seen`, then the rate counters: under a burst each
 * round trip queued behind the worker's traffic, and their sum was the ack's tail; docs/performance.md).
 * Keys share the queue's prefix, so a Redis Cluster hash tag keeps them in one slot.
 */
export function createIntakeGate(redis: Redis): IntakeGate {
  redis.defineCommand("rteIntakeGate", { lua: gateScript });
  const gate = (redis as unknown as { rteIntakeGate: GateCommand }).rteIntakeGate.bind(redis);
  return {
    async pass({ seenKey, rateKeys, count, rateWindowSeconds, claim }) {
      const keys = [seenKey, rateKeys.user, rateKeys.channel, ...(claim ? [claim.key] : [])];
      const [step = 0, user = 0, channel = 0] = await gate(
        keys.length,
        ...keys,
        count ? "1" : "0",
        rateWindowSeconds,
        claim?.ttlSeconds ?? 0,
      );
      if (step === 0) return { kind: "claimed-elsewhere" };
      if (step === 1) return { kind: "seen" };
      return { kind: "open", counts: count ? { user, channel } : undefined };
    },
    async release(claimKey) {
      await redis.del(claimKey);
    },
  };
}
