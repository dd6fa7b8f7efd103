import type { Redis } from "ioredis";
import { type ConversationRef, conversationKey, type Turn } from "../core/ask.js";
import type { Transcript } from "../core/transcript.js";
import { connectionScript } from "./connection-script.js";
import { keyFor } from "./keys.js";

/** Conversations idle this long are forgotten; the platform still holds the thread. */
const transcriptTtlSeconds = 14 * 24 * 3_600;
/** Enough for any thread a person would keep talking in; older turns fall off the front. */
const maxTurns = 400;

/** KEYS = the transcript; ARGV = how many turns to keep, the TTL, then the turns: appended at once. */
const appendTurns = `
redis.call("RPUSH", KEYS[1], unpack(ARGV, 3))
redis.call("LTRIM", KEYS[1], -tonumber(ARGV[1]), -1)
redis.call("EXPIRE", KEYS[1], ARGV[2])
return 0`;

export function createRedisTranscript(redis: Redis, prefix: string): Transcript {
  const key = (conversation: ConversationRef) => keyFor(prefix, "transcript", conversationKey(conversation));
  // A script, not a MULTI: connection-script.ts says why.
  const appendScript = connectionScript(redis, "rteTranscriptAppend", 1, appendTurns);
  return {
    async read(conversation) {
      const items = await redis.lrange(key(conversation), 0, -1);
      return items.map((item) => JSON.parse(item) as Turn);
    },
    async append(conversation, turns) {
      if (turns.length === 0) return;
      const serialized = turns.map((turn) => JSON.stringify(turn));
      await appendScript(key(conversation), maxTurns, transcriptTtlSeconds, ...serialized);
    },
  };
}
