import { afterAll, describe, expect, inject, it } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createAnswerRecords } from "./answer-records.js";
import { createFeedbackStore } from "./feedback-store.js";

describe("createFeedbackStore", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());

  it("lists feedback newest first with the answer it was about; a second click replaces the first", async () => {
    const prefix = testPrefix();
    const conversation = { platform: "slack" as const, workspace: "T1", channel: "C1", thread: "1.2" };
    await createAnswerRecords(redis, prefix).save({
      askId: "slack-T1-C1-1_2",
      conversation,
      question: "How do I scale socket.io?",
      answer: "Use the Redis adapter.",
      model: "claude-sonnet-5-5",
      personaVersion: "abc123",
      usage: {
        inputTokens: 10,
        outputTokens: 5,
        cacheReadTokens: 0,
        cacheWriteTokens: 10,
        webSearchRequests: 0,
        webFetchRequests: 0,
        codeExecutions: 0,
      },
      answeredAt: 1,
    });
    const store = createFeedbackStore(redis, prefix);
    await store.record({ askId: "slack-T1-C1-1_2", verdict: "up", userId: "U1", at: 100 });
    await store.record({ askId: "gone", verdict: "down", userId: "U2", comment: "wrong API", at: 200 });
    await store.record({
      askId: "slack-T1-C1-1_2",
      verdict: "down",
      userId: "U1",
      comment: "outdated",
      at: 300,
    });

    const entries = await store.recent(10);

    expect(entries.map((entry) => [entry.userId, entry.verdict, entry.comment])).toEqual([
      ["U1", "down", "outdated"],
      ["U2", "down", "wrong API"],
    ]);
    expect(entries[0]?.answer?.question).toBe("How do I scale socket.io?");
    expect(entries[1]?.answer).toBeUndefined();
  });
});
