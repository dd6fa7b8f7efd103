import type { IRedisClient, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type Ask, conversationKey } from "../core/ask.js";
import { keyFor } from "../store/keys.js";

/**
 * Answers in one conversation go out in the order the questions were asked. BullMQ groups (which would do
 * this) are Pro-only, so each conversation keeps a sorted set of its pending job ids scored by arrival; a
 * job runs only when it is the oldest. A head whose job is gone, completed or failed is dropped, so one lost
 * job can never block a thread.
 */
export interface ConversationOrder {
  /**
   * Sends the question's place on the connection its job is added on, before the job (ask-queue.ts), so a
   * worker never finds the job without its place.
   */
  register(client: IRedisClient, ask: Ask): Promise<unknown>;
  isTurnOf(ask: Ask, jobId: string): Promise<boolean>;
  release(ask: Ask, jobId: string): Promise<void>;
}

const pendingTtlSeconds = 24 * 3_600;

export function createConversationOrder(redis: Redis, prefix: string, queue: Queue): ConversationOrder {
  const key = (ask: Ask) => keyFor(prefix, "pending", conversationKey(ask.conversation));
  return {
    register(client, ask) {
      return Promise.all([
        client.runCommand("zadd", [key(ask), "NX", String(ask.receivedAt), ask.id]),
        client.runCommand("expire", [key(ask), pendingTtlSeconds]),
      ]);
    },
    async isTurnOf(ask, jobId) {
      for (let checks = 0; checks < 10; checks++) {
        const [head] = await redis.zrange(key(ask), "0", "0");
        if (head === undefined || head === jobId) return true;
        const state = await queue.getJobState(head);
        if (state !== "completed" && state !== "failed" && state !== "unknown") return false;
        await redis.zrem(key(ask), head);
      }
      return false;
    },
    async release(ask, jobId) {
      await redis.zrem(key(ask), jobId);
    },
  };
}
