import type { Redis } from "ioredis";
import { keyFor } from "../store/keys.js";

/** A stop pressed now is still honoured if the job starts within this window (it may be waiting behind others). */
const stopTtlSeconds = 3_600;

/**
 * Stop requests travel from ingress (where the button is pressed) to whichever worker runs the answer:
 * a key, so a job that has not started yet stops at once when it does, and a pub/sub message, so the
 * worker running it aborts the Claude stream within milliseconds.
 */
export function createStopRequests(redis: Redis, prefix: string) {
  const channel = keyFor(prefix, "stop");
  const key = (jobId: string) => keyFor(prefix, "stop", jobId);
  return {
    async request(jobId: string): Promise<void> {
      await redis.multi().set(key(jobId), "1", "EX", stopTtlSeconds).publish(channel, jobId).exec();
    },
    async isRequested(jobId: string): Promise<boolean> {
      return (await redis.exists(key(jobId))) === 1;
    },
    /** `subscriber` becomes a subscriber connection: give it a connection of its own. */
    async listen(subscriber: Redis, onStop: (jobId: string) => void): Promise<void> {
      subscriber.on("message", (from: string, jobId: string) => {
        if (from === channel) onStop(jobId);
      });
      await subscriber.subscribe(channel);
    },
  };
}

export type StopRequests = ReturnType<typeof createStopRequests>;
