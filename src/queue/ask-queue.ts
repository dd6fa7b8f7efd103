import { Job, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Ask } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import { joinedKey, joinedTtlSeconds } from "../store/joined-conversations.js";
import { keyFor } from "../store/keys.js";
import { createConversationOrder } from "./conversation-order.js";
import { answerJobOptions, defaultRetryTiming, type RetryTiming } from "./job-options.js";
import { createProducerQueue } from "./producer-queue.js";
import { answersQueueName } from "./queue-names.js";

/**
 * Slack redelivers for up to ~5 minutes (and hourly for a day with Delayed Events); completed jobs are
 * removed after an hour. This key remembers a question for a day so a late redelivery is still a duplicate.
 */
const seenTtlSeconds = 24 * 3_600;

export type EnqueueResult = { status: "queued" } | { status: "duplicate" };

export interface AskQueue {
  /**
   * Stores the question (its job, its place in the conversation's order, `seen`) and marks its thread as
   * joined; resolves once all of it is durably in Redis, rejects when Redis cannot take it (answer non-2xx).
   */
  enqueue(ask: Ask): Promise<EnqueueResult>;
  /** The key that says a question was already queued (submit() looks at it before counting rate limits). */
  seenKey(askId: string): string;
  queue: Queue<Ask>;
  close(): Promise<void>;
}

/**
 * Right after the job's add, in its round trip: `seen` and the joined thread are set only when the job is
 * really stored, so a failed add never makes Slack's retry look like a duplicate. KEYS: job hash, seen,
 * joined. ARGV: seen TTL, joined TTL. 1 when this call queued the question, 0 when it already was.
 */
const markQueuedScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR the question was not stored') end
redis.call('SET', KEYS[3], '1', 'EX', ARGV[2])
if redis.call('SET', KEYS[2], '1', 'EX', ARGV[1], 'NX') then return 1 end
return 0
`;

export function createAskQueue(options: {
  redis: Redis;
  prefix: string;
  retry?: RetryTiming;
  /** Default: the one shared queue. A terminal process uses a queue of its own (terminal-queue.ts). */
  name?: string;
  logger: Logger;
}): AskQueue {
  const { redis, prefix, logger } = options;
  const queue = createProducerQueue(options.name ?? answersQueueName, { redis, prefix, logger });
  const order = createConversationOrder(redis, prefix, queue);
  const retry = options.retry ?? defaultRetryTiming;
  redis.defineCommand("rteMarkQueued", { numberOfKeys: 3, lua: markQueuedScript });
  const seenKey = (askId: string) => keyFor(prefix, "seen", askId);
  return {
    queue,
    seenKey,
    async enqueue(ask) {
      // One round trip, and no MULTI: the four commands are written in this turn, in this order, on the
      // queue's one connection, so Redis runs them in this order (issue 17: each round trip under a burst
      // queued behind the worker's traffic). BullMQ's own add script is sent through `Job.addJob`, as its
      // `addBulk` does; it ignores an add whose id exists, and the NX on `seen` tells two racing deliveries
      // apart. What a MULTI adds, no other client's command in between and all or none in the AOF, nothing
      // here needs: a worker that takes the job before `seen` is set needs neither `seen` nor the joined
      // thread, a place whose job never came is dropped (conversation-order.ts), and a command that fails
      // inside a MULTI does not undo the others either. And an ioredis MULTI builds a pipeline that copies
      // every script defined on the connection and kept its commands alive through the ingress's young
      // collections: a burst promoted about 1 MB a second (docs/performance.md, session 17).
      const client = await queue.getBackend().client;
      const placed = order.register(client, ask);
      // Watched at once: should the add throw before the three are awaited together, its reply is not left
      // to reject unhandled (which would end the process).
      placed.catch(() => {});
      const job = new Job<Ask>(queue, "answer", ask, answerJobOptions(ask.id, retry), ask.id);
      const added = job.addJob(client);
      const marked = client.runCommand("rteMarkQueued", [
        queue.toKey(ask.id),
        seenKey(ask.id),
        joinedKey(prefix, ask.conversation),
        seenTtlSeconds,
        joinedTtlSeconds,
      ]);
      // All three are awaited together, so a rejection of one is never left unhandled.
      const [, , queued] = await Promise.all([placed, added, marked]);
      return queued === 1 ? { status: "queued" } : { status: "duplicate" };
    },
    async close() {
      await queue.close();
    },
  };
}
