import type { Redis } from "ioredis";
import type { ClaimOnce } from "../core/shared-state.js";
import { keyFor } from "./keys.js";

/**
 * One SET NX with an expiry: who speaks about a question. Slack claims each delivery of a message (the two
 * deliveries of a mention, and Slack's retries), Discord claims each refusal notice (a replayed
 * MESSAGE_CREATE, a second ingress process); each picks a TTL that fits its platform's redeliveries.
 */
export function createClaimOnce(redis: Redis, prefix: string, scope: string, ttlSeconds: number): ClaimOnce {
  const key = (id: string) => keyFor(prefix, scope, id);
  return {
    async claim(id) {
      return (await redis.set(key(id), "1", "EX", ttlSeconds, "NX")) === "OK";
    },
    async release(id) {
      await redis.del(key(id));
    },
  };
}
