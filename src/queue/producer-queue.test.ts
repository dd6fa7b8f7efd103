import { describe, expect, it } from "vitest";
import { createRecordingLogger } from "../../test/fakes/recording-logger.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { freePort } from "../redis/private-redis.js";
import { createProducerQueue } from "./producer-queue.js";

describe("a producer's queue", () => {
  it("sends its connection's errors to the log, where BullMQ would print them to stderr", async () => {
    const logger = createRecordingLogger();
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`, "producer");
    const queue = createProducerQueue("answers", { redis, prefix: testPrefix(), logger });
    try {
      const deadline = Date.now() + 5_000;
      while (logger.lines.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      expect(logger.lines[0]).toMatchObject({
        level: "debug",
        bindings: { queue: "answers", error: { message: expect.stringContaining("ECONNREFUSED") } },
      });
    } finally {
      redis.disconnect();
      await queue.close();
    }
  });
});
