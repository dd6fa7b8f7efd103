import type { Redis } from "ioredis";
import type { SharedState } from "../core/shared-state.js";
import { createClaimOnce } from "./claim-once.js";
import { createExpiringCache } from "./expiring-cache.js";
import { createJoinedConversations } from "./joined-conversations.js";
import { createRedisUpdateBudget } from "./redis-update-budget.js";

/** The adapters' shared state on one Redis connection, every key under the queue's prefix. */
export function createRedisSharedState(redis: Redis, prefix: string): SharedState {
  return {
    updateBudget: (scope, rate) => createRedisUpdateBudget(redis, prefix, scope, rate),
    claimOnce: (scope, ttlSeconds) => createClaimOnce(redis, prefix, scope, ttlSeconds),
    cache: (scope, ttlSeconds) => createExpiringCache(redis, prefix, scope, ttlSeconds),
    joined: createJoinedConversations(redis, prefix),
  };
}
