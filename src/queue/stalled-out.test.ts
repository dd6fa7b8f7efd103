import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { createRecordingMessenger } from "../../test/fakes/recording-messenger.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import type { Ask } from "../core/ask.js";
import { silentLogger } from "../core/logger.js";
import { defaultCodeLines, renderAnswer } from "../core/markdown/render-answer.js";
import { createMessageReply } from "../core/message-reply.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { Platform } from "../core/platform.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createRedisLedger } from "../store/redis-ledger.js";
import { tellWhenStalledOut } from "./stalled-out.js";

const ask: Ask = {
  id: "ask-1",
  conversation: { platform: "terminal", workspace: "local", channel: "tty", thread: "t1" },
  messageId: "q1",
  author: { id: "U1" },
  text: "How do I shard rooms?",
  trigger: "terminal",
  receivedAt: 0,
};

describe("tellWhenStalledOut", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());

  it("tells the asker, in the message already posted, when BullMQ gives up on a job that kept stalling", async () => {
    const prefix = testPrefix();
    const recording = createRecordingMessenger();
    const platform: Platform = {
      name: "terminal",
      readConversation: async () => [],
      openReply: (_ask, { ledger }) =>
        createMessageReply({
          messenger: recording.messenger,
          ledger,
          render: (markdown) =>
            renderAnswer(markdown, { ...defaultCodeLines, limit: 2_000, transform: (p) => p }),
          minIntervalMs: 0,
        }),
    };
    // An earlier attempt posted the start of the answer and recorded it.
    const firstId = await recording.messenger.post("Shard rooms by", { index: 0 });
    await createRedisLedger(redis, prefix, ask.id).write({ messageIds: [firstId], deliveredCharacters: 14 });
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const queue = new Queue<Ask>("answers", { connection, prefix });
    let release: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The attempt loses its lock and hangs, as a starved worker does; with no stall allowed, BullMQ fails the job.
    const worker: Worker<Ask> = new Worker<Ask>(
      "answers",
      async (job) => {
        await redis.del(`${worker.toKey(job.id ?? "")}:lock`);
        await hanging;
      },
      { connection, prefix, concurrency: 2, stalledInterval: 200, maxStalledCount: 0 },
    );
    worker.on("error", () => {});
    const outcomes: AnswerOutcome[] = [];
    tellWhenStalledOut(worker, {
      redis,
      prefix,
      platforms: { terminal: platform },
      logger: silentLogger,
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    try {
      await queue.add("ask", ask, { jobId: ask.id });
      await vi.waitFor(() => expect(recording.visible()[0]).toContain("couldn't finish this answer"), {
        timeout: 15_000,
      });
      expect(recording.visible()).toHaveLength(1);
      expect(await queue.getJobState(ask.id)).toBe("failed");
      expect(outcomes.map((outcome) => outcome.outcome)).toEqual(["failed"]);
    } finally {
      release();
      await worker.close(true);
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
