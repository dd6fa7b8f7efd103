import { Queue, Worker } from "bullmq";
import { Registry } from "prom-client";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import { connectRedis } from "../redis/connect-redis.js";
import { createLockLossCounter } from "./lock-losses.js";

describe("rte_job_lock_losses_total", () => {
  const redis = connectRedis(inject("redisUrl"), "command");
  afterAll(() => redis.disconnect());

  it("counts a job finished without its lock, and the stalled check that hands it back", async () => {
    const prefix = testPrefix();
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const queue = new Queue("answers", { connection, prefix });
    const registry = new Registry();
    const counter = createLockLossCounter(registry);
    let runs = 0;
    const worker: Worker = new Worker(
      "answers",
      async (job) => {
        runs += 1;
        // The first attempt's lock disappears under it, as when a starved worker renews too late.
        if (runs === 1) await redis.del(`${worker.toKey(job.id ?? "")}:lock`);
      },
      { connection, prefix, stalledInterval: 200, maxStalledCount: 5 },
    );
    worker.on("error", () => {});
    counter.watch(worker);
    try {
      await queue.add("ask", {}, { jobId: "job-1" });
      const count = async (event: string) =>
        (await registry.getSingleMetric("rte_job_lock_losses_total")?.get())?.values.find(
          (value) => value.labels.event === event,
        )?.value;
      // Finishing the job finds its lock missing, and so may failing it afterwards: at least one report.
      await vi.waitFor(async () => expect(await count("missing-lock")).toBeGreaterThanOrEqual(1), {
        timeout: 10_000,
      });
      await vi.waitFor(async () => expect(await count("stalled")).toBe(1), { timeout: 10_000 });
      // The job handed back runs again, holds its lock this time, and completes.
      await vi.waitFor(async () => expect(await queue.getJobState("job-1")).toBe("completed"), {
        timeout: 10_000,
      });
      expect(runs).toBe(2);
    } finally {
      await worker.close(true);
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
