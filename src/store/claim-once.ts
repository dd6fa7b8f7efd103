import type { Redis } from "ioredis";
import { keyFor } from "./keys.js";

/**
 * Long enough to cover the two deliveries of one mention (`app_mention` and `message` arrive within
 * moments of each other) and Slack's immediate retry; short enough that when the process holding a claim
 * dies mid-request, Slack's next retry (about a minute later) finds it gone and the question is not lost.
 */
const claimTtlSeconds = 30;

/**
 * Which delivery of a Slack message gets to handle it. The queue already keeps one job per message, but a
 * question that is refused (rate limit, allowlist, empty) is never queued, so without this both deliveries
 * of a mention would count against the asker's limit and post the refusal twice. The first delivery claims
 * the message; the other is acknowledged and dropped. A claim is released when handling fails, so Slack's
 * retry of the failed delivery can take it.
 */
export function createDeliveryClaims(redis: Redis, prefix: string) {
  const key = (askId: string) => keyFor(prefix, "slack", "claim", askId);
  return {
    async claim(askId: string): Promise<boolean> {
      return (await redis.set(key(askId), "1", "EX", claimTtlSeconds, "NX")) === "OK";
    },
    async release(askId: string): Promise<void> {
      await redis.del(key(askId));
    },
  };
}

export type DeliveryClaims = ReturnType<typeof createDeliveryClaims>;
