import type { Job, Queue } from "bullmq";
import { expect, vi } from "vitest";

/**
 * Adds one job and waits until BullMQ calls it completed, however many stalls and attempts that took; the
 * lock tests starve or hand back jobs on purpose, so the wait is generous and polls gently.
 */
export async function addAndAwaitCompletion(queue: Queue, jobId: string): Promise<Job | undefined> {
  await queue.add("ask", {}, { jobId });
  await vi.waitFor(async () => expect(await queue.getJobState(jobId)).toBe("completed"), {
    timeout: 30_000,
    interval: 200,
  });
  return queue.getJob(jobId);
}
