import { afterAll, describe, expect, inject, it } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "./connect-redis.js";

describe("connectRedis", () => {
  const answers = connectRedis(inject("redisUrl"), "answers");
  const worker = connectRedis(inject("redisUrl"), "worker");
  afterAll(() => {
    answers.disconnect();
    worker.disconnect();
  });

  it("sends the answers' commands of one turn of the event loop together, in order", async () => {
    await answers.ping();
    const key = `${testPrefix()}:pipelined`;
    const replies = Promise.all([answers.incr(key), answers.incr(key), answers.get(key)]);

    expect(answers.autoPipelineQueueSize).toBe(3);
    expect(await replies).toEqual([1, 2, "2"]);
    await answers.del(key);
  });

  it("leaves BullMQ's connection without auto-pipelining", async () => {
    await worker.ping();
    const reply = worker.ping();

    expect(worker.autoPipelineQueueSize).toBe(0);
    expect(await reply).toBe("PONG");
  });
});
