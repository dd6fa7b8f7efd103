import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Ask } from "../core/ask.js";
import { keyFor } from "../store/keys.js";
import { createConversationOrder } from "./conversation-order.js";
import { answerJobOptions, defaultRetryTiming, type RetryTiming } from "./job-options.js";
import { answersQueueName } from "./queue-names.js";

/**
 * Slack redelivers for up to ~5 minutes (and hourly for a day with Delayed Events); completed jobs are
 * removed after an hour. This key remembers a question for a day so a late redelivery is still a duplicate.
 */
const seenTtlSeconds = 24 * 3_600;

export type EnqueueResult = { status: "queued" } | { status: "duplicate" };

export interface AskQueue {
  /** Resolves once the question is durably in Redis; rejects when Redis cannot take it (answer non-2xx). */
  enqueue(ask: Ask): Promise<EnqueueResult>;
  /** Whether this question was already queued (cheap check before rate limits count it). */
  hasSeen(askId: string): Promise<boolean>;
  queue: Queue<Ask>;
  close(): Promise<void>;
}

export function createAskQueue(options: {
  redis: Redis;
  prefix: string;
  retry?: RetryTiming;
  /** Default: the one shared queue. A terminal process uses a queue of its own (terminal-queue.ts). */
  name?: string;
}): AskQueue {
  const { redis, prefix } = options;
  const queue = new Queue<Ask>(options.name ?? answersQueueName, { connection: redis, prefix });
  const order = createConversationOrder(redis, prefix, queue);
  const retry = options.retry ?? defaultRetryTiming;
  return {
    queue,
    async hasSeen(askId) {
      return (await redis.exists(keyFor(prefix, "seen", askId))) === 1;
    },
    async enqueue(ask) {
      const seenKey = keyFor(prefix, "seen", ask.id);
      // No second look at `seen` here: submit() looked just before (`hasSeen`), and the NX below settles a
      // race. The conversation's place and the job go out together: both go down this one connection, so
      // Redis takes the place first, and the acknowledgement waits one round trip less (issue 17).
      // BullMQ ignores an add whose id exists, so two deliveries racing past the check still make one job;
      // the NX below tells them apart. `seen` is set only once the job is stored: a failed add leaves
      // nothing that would make Slack's retry look like a duplicate.
      await Promise.all([order.register(ask), queue.add("answer", ask, answerJobOptions(ask.id, retry))]);
      const first = await redis.set(seenKey, "1", "EX", seenTtlSeconds, "NX");
      return first === "OK" ? { status: "queued" } : { status: "duplicate" };
    },
    async close() {
      await queue.close();
    },
  };
}
