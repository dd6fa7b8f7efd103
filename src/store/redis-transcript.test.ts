import { afterAll, describe, expect, inject, it } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import type { ConversationRef } from "../core/ask.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createRedisTranscript } from "./redis-transcript.js";

describe("createRedisTranscript", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());
  const conversation: ConversationRef = {
    platform: "slack",
    workspace: "T1",
    channel: "C1",
    thread: "1.000001",
  };

  it("appends turns in order, keeps the last 400, and forgets an idle conversation after two weeks", async () => {
    const prefix = testPrefix();
    const transcript = createRedisTranscript(redis, prefix);
    for (let turn = 0; turn < 201; turn++) {
      await transcript.append(conversation, [
        { role: "user", text: `question ${turn}`, author: "ada" },
        { role: "assistant", text: `answer ${turn}` },
      ]);
    }

    const turns = await transcript.read(conversation);
    expect(turns).toHaveLength(400);
    expect(turns[0]).toEqual({ role: "user", text: "question 1", author: "ada" });
    expect(turns.at(-1)).toEqual({ role: "assistant", text: "answer 200" });
    const [key] = await redis.keys(`${prefix}*transcript*`);
    expect(await redis.ttl(key ?? "")).toBeGreaterThan(13 * 24 * 3_600);
  });

  it("reads an unknown conversation as empty, and appends nothing for no turns", async () => {
    const transcript = createRedisTranscript(redis, testPrefix());
    await transcript.append(conversation, []);
    expect(await transcript.read(conversation)).toEqual([]);
  });
});
