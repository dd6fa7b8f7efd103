import type { Redis } from "ioredis";
import { keyFor } from "./keys.js";

/**
 * Someone looks at one channel or message for minutes, not hours: after this the context is stale and a
 * question should not be read in its light.
 */
const viewingTtlSeconds = 30 * 60;
/** Longer than any answer runs (a stream lives about five minutes), so a Stop always finds its question. */
const sessionTtlSeconds = 3_600;

/**
 * What a person in Slack's agent view is looking at (`app_context_changed`), as one sentence for the prompt,
 * kept per workspace and person for a short while. Plain text only; nothing secret.
 */
export function createViewingContexts(redis: Redis, prefix: string) {
  const key = (team: string, user: string) => keyFor(prefix, "slack", "viewing", team, user);
  return {
    async remember(team: string, user: string, description: string): Promise<void> {
      await redis.set(key(team, user), description, "EX", viewingTtlSeconds);
    },
    async forget(team: string, user: string): Promise<void> {
      await redis.del(key(team, user));
    },
    async read(team: string, user: string): Promise<string | undefined> {
      return (await redis.get(key(team, user))) ?? undefined;
    },
  };
}

export type ViewingContexts = ReturnType<typeof createViewingContexts>;

/**
 * The question being answered in each agent session (a DM thread), so `agent_session_stopped`, which names
 * only the channel and thread, reaches the right answer through the stop requests any worker listens to.
 */
export function createSessionAsks(redis: Redis, prefix: string) {
  const key = (channel: string, threadTs: string) => keyFor(prefix, "slack", "session", channel, threadTs);
  return {
    async remember(channel: string, threadTs: string, askId: string): Promise<void> {
      await redis.set(key(channel, threadTs), askId, "EX", sessionTtlSeconds);
    },
    async latest(channel: string, threadTs: string): Promise<string | undefined> {
      return (await redis.get(key(channel, threadTs))) ?? undefined;
    },
  };
}

export type SessionAsks = ReturnType<typeof createSessionAsks>;
