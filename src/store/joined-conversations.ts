import type { Redis } from "ioredis";
import { type ConversationRef, conversationKey } from "../core/ask.js";
import type { JoinedConversations } from "../core/shared-state.js";
import { keyFor } from "./keys.js";

/** A thread goes quiet for good long before this; then a follow-up needs a fresh mention. */
export const joinedTtlSeconds = 30 * 24 * 3_600;

/** The key that marks a thread as joined; the enqueue sets it with the job (ask-queue.ts). */
export function joinedKey(prefix: string, conversation: ConversationRef): string {
  return keyFor(prefix, "joined", conversationKey(conversation));
}

/**
 * Threads the bot is part of. Follow-ups without a mention are answered only here, so the bot never butts
 * into a conversation it was not invited to. Marked when a question is accepted (not when it is answered),
 * so a follow-up sent while the first answer is still streaming is not lost.
 */
export function createJoinedConversations(redis: Redis, prefix: string): JoinedConversations {
  const key = (conversation: ConversationRef) => joinedKey(prefix, conversation);
  return {
    async join(conversation: ConversationRef): Promise<void> {
      await redis.set(key(conversation), "1", "EX", joinedTtlSeconds);
    },
    async hasJoined(conversation: ConversationRef): Promise<boolean> {
      return (await redis.exists(key(conversation))) === 1;
    },
  };
}
