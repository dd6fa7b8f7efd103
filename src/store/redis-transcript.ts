import type { Redis } from "ioredis";
import { type ConversationRef, conversationKey, type Turn } from "../core/ask.js";
import type { Transcript } from "../core/transcript.js";
import { keyFor } from "./keys.js";

/** Conversations idle this long are forgotten; the platform still holds the thread. */
const transcriptTtlSeconds = 14 * 24 * 3_600;
/** Enough for any thread a person would keep talking in; older turns fall off the front. */
const maxTurns = 400;

export function createRedisTranscript(redis: Redis, prefix: string): Transcript {
  const key = (conversation: ConversationRef) => keyFor(prefix, "transcript", conversationKey(conversation));
  return {
    async read(conversation) {
      const items = await redis.lrange(key(conversation), 0, -1);
      return items.map((item) => JSON.parse(item) as Turn);
    },
    async append(conversation, turns) {
      if (turns.length === 0) return;
      const transcriptKey = key(conversation);
      await redis
        .multi()
        .rpush(transcriptKey, ...turns.map((turn) => JSON.stringify(turn)))
        .ltrim(transcriptKey, -maxTurns, -1)
        .expire(transcriptKey, transcriptTtlSeconds)
        .exec();
    },
  };
}
