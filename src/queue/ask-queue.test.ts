import { describe, expect, inject, it } from "vitest";
import { sampleSlackAsk } from "../../test/support/sample-ask.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { silentLogger } from "../core/logger.js";
import { connectRedis, waitForRedis } from "../redis/connect-redis.js";
import { createAskQueue } from "./ask-queue.js";

const ask = sampleSlackAsk();

describe("the ask queue on the producer's fail-fast connection", () => {
  it("stores questions once Redis is back, though Redis went away while the queue was starting", async () => {
    const url = inject("redisUrl");
    const redis = connectRedis(url, "producer");
    await waitForRedis(redis, url);
    const queue = createAskQueue({ redis, prefix: testPrefix(), logger: silentLogger });
    try {
      // Gone in the same instant, before anything the queue starts with can reach Redis.
      const ended = new Promise((resolve) => redis.once("end", resolve));
      redis.disconnect();
      await ended;
      await redis.connect();

      expect(await queue.enqueue(ask)).toEqual({ status: "queued" });
    } finally {
      await queue.queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      redis.disconnect();
    }
  });
});
