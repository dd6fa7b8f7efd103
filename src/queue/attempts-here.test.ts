import { Queue } from "bullmq";
import { describe, expect, inject, it } from "vitest";
import { addAndAwaitCompletion } from "../../test/support/job-completion.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { returnStall } from "../store/redis-ledger.js";
import { createAttemptsHere } from "./attempts-here.js";
import { LatestAttemptWorker } from "./latest-attempt-worker.js";

describe("createAttemptsHere", () => {
  it("carries on a job handed back to the worker still running it, instead of starting it over", async () => {
    const prefix = testPrefix();
    const connection = connectRedis(inject("redisUrl"), "worker");
    const queue = new Queue("answers", { connection, prefix });
    const attempts = createAttemptsHere<string>();
    let bodies = 0;
    const tokensSeen: Array<{ lock: string | null; acting: string }> = [];
    let joinedNow: () => void = () => {};
    const joined = new Promise<void>((resolve) => {
      joinedNow = resolve;
    });
    const worker: LatestAttemptWorker<unknown> = new LatestAttemptWorker(
      "answers",
      async (job, token, signal) => {
        const jobId = job.id ?? "";
        const joining = attempts.join(jobId, token ?? "", signal);
        if (joining) {
          await returnStall(connection, { jobKey: worker.toKey(jobId) }, joining.previousToken);
          joinedNow();
          return joining.outcome;
        }
        return attempts.run(jobId, token ?? "", signal, async (current) => {
          bodies += 1;
          // Starved: the lock lapses, the stalled check hands the job back, and this worker takes it again.
          await connection.del(`${worker.toKey(jobId)}:lock`);
          await joined;
          tokensSeen.push({ lock: await connection.get(`${worker.toKey(jobId)}:lock`), acting: current() });
          return "answered";
        });
      },
      { connection, prefix, concurrency: 2, lockDuration: 1_500, stalledInterval: 300, maxStalledCount: 10 },
    );
    worker.on("error", () => {});
    try {
      const job = await addAndAwaitCompletion(queue, "job-1");
      expect(bodies).toBe(1);
      expect(job?.returnvalue).toBe("answered");
      // The running attempt acted with the token BullMQ's lock held once the new attempt joined.
      expect(tokensSeen).toHaveLength(1);
      expect(tokensSeen[0]?.acting).toBe(tokensSeen[0]?.lock);
      // The stall was a live attempt's, and given back.
      expect(job?.stalledCounter).toBe(0);
    } finally {
      joinedNow();
      await worker.close(true);
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  }, 40_000);

  it("passes a Stop sent to the joining attempt on to the running one", async () => {
    const attempts = createAttemptsHere<string>();
    const outcome = attempts.run("job-1", "worker:1", undefined, async (_token, stop) => {
      await new Promise((resolve) => stop.addEventListener("abort", resolve, { once: true }));
      return "stopped";
    });
    const stop = new AbortController();
    const joining = attempts.join("job-1", "worker:2", stop.signal);
    stop.abort();
    expect(await joining?.outcome).toBe("stopped");
    expect(await outcome).toBe("stopped");
    expect(attempts.join("job-1", "worker:3", undefined)).toBeUndefined();
  });
});
