import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Ask } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import { describeError } from "./describe-error.js";

export interface ProducerQueueOptions {
  /** The producer's fail-fast connection (connect-redis.ts): no offline queue, one retry. */
  redis: Redis;
  prefix: string;
  logger: Logger;
}

/**
 * A BullMQ Queue on the producer's connection, safe to start whatever Redis is doing at that moment.
 *
 * BullMQ starts every Queue with a round trip of its own, INFO for its Redis version check, and keeps that
 * start's outcome for good (bullmq 6.7 `RedisConnection.init`): if Redis goes away while it is in flight
 * (an outage right after the process started, a restart), the fail-fast connection rejects it, and every
 * later call on the Queue rethrows that error even once Redis is back, an ingress that can never store a
 * question again. Without the check the start only waits for the connection, which recovers by itself. The
 * worker still makes the check, on connections that wait out restarts.
 *
 * BullMQ prints a Queue's errors with console.error when nobody listens. They are its connection's own,
 * reported anyway by the calls that fail (ingress answers non-2xx) and by /readyz, so they go to debug.
 */
export function createProducerQueue(name: string, options: ProducerQueueOptions): Queue<Ask> {
  const queue = new Queue<Ask>(name, {
    connection: options.redis,
    prefix: options.prefix,
    skipVersionCheck: true,
  });
  queue.on("error", (error) => {
    options.logger.debug({ queue: name, error: describeError(error) }, "queue connection error");
  });
  return queue;
}
