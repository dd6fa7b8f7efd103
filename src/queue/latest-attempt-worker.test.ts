import { Queue, Worker } from "bullmq";
import { describe, expect, inject, it, vi } from "vitest";
import { addAndAwaitCompletion } from "../../test/support/job-completion.js";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { LatestAttemptWorker } from "./latest-attempt-worker.js";

const lockDuration = 1_500;

/**
 * A job whose first attempt loses its lock (deleted here, as a starved worker's lapses) and is taken over by
 * a second attempt on the same worker; the first then ends while the second runs on for several lock
 * periods. Returns how often the job stalled and how many attempts started.
 */
async function takeOverOnTheSameWorker(WorkerClass: typeof Worker, redisUrl: string) {
  const prefix = testPrefix();
  const connection = connectRedis(redisUrl, "worker");
  const queue = new Queue("answers", { connection, prefix });
  let started = 0;
  let releaseFirst: () => void = () => {};
  const firstReleased = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  let firstEnded = false;
  const worker: Worker = new WorkerClass(
    "answers",
    async (job) => {
      started += 1;
      if (started === 1) {
        await connection.del(`${worker.toKey(job.id ?? "")}:lock`);
        await firstReleased;
        firstEnded = true;
        throw new Error("lost the job's lock");
      }
      if (started === 2) {
        releaseFirst();
        await vi.waitFor(() => expect(firstEnded).toBe(true));
        // Several lock periods: long enough for an unrenewed lock to lapse and the job to stall again.
        await new Promise((resolve) => setTimeout(resolve, lockDuration * 3));
      }
      return "done";
    },
    { connection, prefix, concurrency: 2, lockDuration, stalledInterval: 300, maxStalledCount: 10 },
  );
  worker.on("error", () => {});
  try {
    const job = await addAndAwaitCompletion(queue, "job-1");
    return { stalls: job?.stalledCounter, started };
  } finally {
    releaseFirst();
    await worker.close(true);
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}

describe("LatestAttemptWorker", () => {
  it("keeps renewing a taken-over job's lock after the attempt that lost it ends on the same worker", async () => {
    expect(await takeOverOnTheSameWorker(LatestAttemptWorker, inject("redisUrl"))).toEqual({
      stalls: 1,
      started: 2,
    });
  }, 40_000);

  it("is needed: BullMQ's own Worker stops renewing the new attempt, and the job stalls again", async () => {
    const { stalls, started } = await takeOverOnTheSameWorker(Worker, inject("redisUrl"));
    expect(stalls).toBeGreaterThan(1);
    expect(started).toBeGreaterThan(2);
  }, 40_000);
});
