import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { ConversationRef } from "../core/ask.js";
import type { Usage } from "../core/model.js";
import { keyFor } from "./keys.js";

/** What was asked and answered, kept so feedback can be tied to the exact prompt and response. */
export interface AnswerRecord {
  askId: string;
  conversation: ConversationRef;
  question: string;
  answer: string;
  model: string;
  personaVersion: string;
  usage: Usage;
  answeredAt: number;
}

/** Feedback arrives within days, if at all; after a month the record is only cost. */
const recordTtlSeconds = 30 * 24 * 3_600;

/** A short, stable fingerprint of a persona's text: feedback says which wording produced the answer. */
export function personaVersion(persona: string): string {
  return createHash("sha256").update(persona).digest("hex").slice(0, 12);
}

export function createAnswerRecords(redis: Redis, prefix: string) {
  const key = (askId: string) => keyFor(prefix, "answer", askId);
  return {
    async save(record: AnswerRecord): Promise<void> {
      await redis.set(key(record.askId), JSON.stringify(record), "EX", recordTtlSeconds);
    },
    async get(askId: string): Promise<AnswerRecord | undefined> {
      const value = await redis.get(key(askId));
      return value === null ? undefined : (JSON.parse(value) as AnswerRecord);
    },
  };
}

export type AnswerRecords = ReturnType<typeof createAnswerRecords>;
