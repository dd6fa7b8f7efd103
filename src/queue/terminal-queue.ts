import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { conversationKey } from "../core/ask.js";
import type { Logger } from "../core/logger.js";
import { keyFor } from "../store/keys.js";
import { createConversationOrder } from "./conversation-order.js";
import { createProducerQueue } from "./producer-queue.js";

/**
 * A terminal's answers belong to the terminal that asked: stdout cannot be handed to another process. So
 * each `rte ask`/`rte chat` process puts its questions on a queue of its own, which only its own worker
 * serves. Slack and Discord keep the one shared queue, where any worker resumes a dead worker's answer.
 *
 * A process that dies leaves its queue behind, unserved. Its owner key (renewed while the process lives)
 * then expires, and the next terminal process drops the questions left there and logs them as abandoned;
 * they are never resumed elsewhere.
 */
export interface TerminalQueue {
  name: string;
  /** Marks the queue as alive (and keeps it so) and drops the queues of terminals that are gone. */
  claim(): Promise<void>;
  /** Drops this process's queue: nothing of this terminal is left to be resumed. */
  release(): Promise<void>;
}

const ownerTtlSeconds = 15;
const renewEveryMs = 5_000;

export function terminalQueueName(): string {
  return `terminal-${process.pid}-${randomBytes(4).toString("hex")}`;
}

export function createTerminalQueue(options: {
  redis: Redis;
  prefix: string;
  name: string;
  logger: Logger;
}): TerminalQueue {
  const { redis, prefix, name, logger } = options;
  const registry = keyFor(prefix, "terminal-queues");
  const owner = (queueName: string) => keyFor(prefix, "terminal-owner", queueName);
  let renewal: NodeJS.Timeout | undefined;
  const renew = () => redis.set(owner(name), String(process.pid), "EX", ownerTtlSeconds);

  const drop = async (queueName: string, abandoned: boolean) => {
    const queue = createProducerQueue(queueName, { redis, prefix, logger });
    try {
      const order = createConversationOrder(redis, prefix, queue);
      const left = await queue.getJobs(["active", "waiting", "delayed", "prioritized"]);
      for (const job of left) {
        if (!job?.data) continue;
        await order.release(job.data, job.id ?? job.data.id);
        if (abandoned) {
          logger.info(
            { jobId: job.id, platform: "terminal", conversation: conversationKey(job.data.conversation) },
            "dropped an unfinished terminal answer: the terminal that asked is gone (abandoned)",
          );
        }
      }
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
    await redis.srem(registry, queueName);
  };

  return {
    name,
    async claim() {
      await redis
        .multi()
        .set(owner(name), String(process.pid), "EX", ownerTtlSeconds)
        .sadd(registry, name)
        .exec();
      renewal = setInterval(() => void renew().catch(() => {}), renewEveryMs);
      renewal.unref();
      for (const other of await redis.smembers(registry)) {
        if (other === name || (await redis.exists(owner(other))) === 1) continue;
        await drop(other, true).catch((error: unknown) =>
          logger.warn({ queue: other, error: String(error) }, "could not drop an abandoned terminal queue"),
        );
      }
    },
    async release() {
      clearInterval(renewal);
      await drop(name, false);
      await redis.del(owner(name));
    },
  };
}
