import { Queue } from "bullmq";
import { describe, expect, inject, it } from "vitest";
import { addAndAwaitCompletion } from "../../test/support/job-completion.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { LatestAttemptWorker } from "./latest-attempt-worker.js";
import { keepOwnLocks } from "./own-locks.js";

describe("keepOwnLocks before the worker's own stalled check", () => {
  it("keeps a job the worker is still running from being handed back when its lock lapsed", async () => {
    const prefix = testPrefix();
    const connection = connectRedis(inject("redisUrl"), "worker");
    const queue = new Queue("answers", { connection, prefix });
    let started = 0;
    const worker: LatestAttemptWorker<unknown> = new LatestAttemptWorker(
      "answers",
      async (job) => {
        started += 1;
        if (started > 1) return "started over";
        // Starved: the lock lapsed. Several stalled checks run before the answer is done.
        await connection.del(`${worker.toKey(job.id ?? "")}:lock`);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        return "carried on";
      },
      { connection, prefix, concurrency: 2, lockDuration: 1_000, stalledInterval: 200, maxStalledCount: 10 },
    );
    worker.keepOwnJobsBeforeStalledCheck((attempts) => keepOwnLocks(connection, worker, attempts, 1_000));
    worker.on("error", () => {});
    try {
      const job = await addAndAwaitCompletion(queue, "job-1");
      expect({ started, result: job?.returnvalue, stalls: job?.stalledCounter }).toEqual({
        started: 1,
        result: "carried on",
        stalls: 0,
      });
    } finally {
      await worker.close(true);
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  }, 40_000);

  it("does not take back a lock once the job has left the active list", async () => {
    const redis = connectRedis(inject("redisUrl"), "command");
    const prefix = testPrefix();
    const queue = { toKey: (type: string) => `${prefix}:answers:${type}` };
    try {
      await redis.rpush(queue.toKey("active"), "job-1");
      await keepOwnLocks(
        redis,
        queue,
        new Map([
          ["job-1", "worker:1"],
          ["job-2", "worker:2"],
        ]),
        5_000,
      );
      expect(await redis.get(queue.toKey("job-1:lock"))).toBe("worker:1");
      // job-2 was handed back (not active): another attempt may have it, so its lock stays as it is.
      expect(await redis.get(queue.toKey("job-2:lock"))).toBeNull();
      await redis.set(queue.toKey("job-1:lock"), "worker:9", "PX", 5_000);
      await keepOwnLocks(redis, queue, new Map([["job-1", "worker:1"]]), 5_000);
      expect(await redis.get(queue.toKey("job-1:lock"))).toBe("worker:9");
    } finally {
      await redis.del(queue.toKey("active"), queue.toKey("job-1:lock"));
      redis.disconnect();
    }
  });
});
