import type { Redis } from "ioredis";
import type { ExpiringCache } from "../core/shared-state.js";
import { keyFor } from "./keys.js";

/** JSON values under `<prefix>:<scope>:<id>` that Redis forgets after `ttlSeconds`. */
export function createExpiringCache<Value>(
  redis: Redis,
  prefix: string,
  scope: string,
  ttlSeconds: number,
): ExpiringCache<Value> {
  const key = (id: string) => keyFor(prefix, scope, id);
  return {
    async get(id) {
      const value = await redis.get(key(id));
      return value === null ? undefined : (JSON.parse(value) as Value);
    },
    async set(id, value) {
      await redis.set(key(id), JSON.stringify(value), "EX", ttlSeconds);
    },
    async delete(id) {
      await redis.del(key(id));
    },
  };
}
