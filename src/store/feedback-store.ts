import type { Redis } from "ioredis";
import type { Feedback } from "../core/feedback.js";
import { type AnswerRecord, createAnswerRecords } from "./answer-records.js";
import { keyFor } from "./keys.js";

export type { Feedback };

export interface FeedbackEntry extends Feedback {
  /** The answer it is about; missing when the record has expired. */
  answer: AnswerRecord | undefined;
}

/** Enough history to review a few weeks of use; older entries fall off the end. */
const keptEntries = 5_000;

/**
 * 👍/👎 on answers, one verdict per person per answer (clicking again replaces it), listed newest first with
 * the question, answer, model and persona version they were about.
 */
export function createFeedbackStore(redis: Redis, prefix: string) {
  const listKey = keyFor(prefix, "feedback");
  const answers = createAnswerRecords(redis, prefix);
  const entryId = (feedback: Pick<Feedback, "askId" | "userId">) => `${feedback.askId}|${feedback.userId}`;
  return {
    async record(feedback: Feedback): Promise<void> {
      const id = entryId(feedback);
      await redis
        .multi()
        .hset(keyFor(prefix, "feedback-entry"), id, JSON.stringify(feedback))
        .zadd(listKey, String(feedback.at), id)
        .zremrangebyrank(listKey, 0, -keptEntries - 1)
        .exec();
    },
    async recent(limit: number): Promise<FeedbackEntry[]> {
      const ids = await redis.zrevrange(listKey, 0, limit - 1);
      if (ids.length === 0) return [];
      const values = await redis.hmget(keyFor(prefix, "feedback-entry"), ...ids);
      const entries = values
        .filter((value): value is string => value !== null)
        .map((value) => JSON.parse(value) as Feedback);
      return Promise.all(
        entries.map(async (entry) => ({ ...entry, answer: await answers.get(entry.askId) })),
      );
    },
  };
}

export type FeedbackStore = ReturnType<typeof createFeedbackStore>;
