import { Redis } from "ioredis";

export type RedisRole = "worker" | "answers" | "producer" | "command";

/**
 * One ioredis connection per role. Workers block on BZPOPMIN and must wait out a Redis restart
 * (`maxRetriesPerRequest: null`); producers fail fast while Redis is down (`enableOfflineQueue: false` after
 * the first connect) so ingress can answer the platform with an error instead of holding the request.
 *
 * `answers` is the worker's connection for the answers' own keys (ledger, transcript, records, usage). It
 * waits out a restart like the worker's, and auto-pipelines: the commands issued in one turn of the event
 * loop leave in one write and their replies come back in one read. While a thousand answers end within
 * seconds, a write per command (a system call, and a wake-up of redis-server) was about a tenth of the
 * worker's main-thread time (profiled, bench N = 1,000). BullMQ keeps a connection without it: Bull's
 * users reported jobs going wrong with it on (taskforcesh/bullmq#457, OptimalBits/bull#2276).
 */
export function connectRedis(url: string, role: RedisRole): Redis {
  const waitsOutRestarts = role === "worker" || role === "answers";
  const redis = new Redis(url, {
    maxRetriesPerRequest: waitsOutRestarts ? null : 1,
    enableOfflineQueue: role !== "producer",
    enableAutoPipelining: role === "answers",
    lazyConnect: false,
    // Reconnect quickly at first, then at most every 2 s: a restarted Redis is back within seconds.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    connectionName: `rte-${role}`,
  });
  // ioredis reports every failed reconnect as an error event; without a listener Node would crash on it.
  redis.on("error", () => {});
  return redis;
}

/** Resolves when the connection is ready, or rejects with a message that says what to do. */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `Redis at ${redactUrl(url)} did not answer within ${timeoutMs} ms. Is it running? Check REDIS_URL.`,
        ),
      );
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}

/** A Redis URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable REDIS_URL)";
  }
}
