import { Redis } from "ioredis";
import { coalesceWrites } from "./coalesced-writes.js";

export type RedisRole = "worker" | "producer" | "command";

/**
 * One ioredis connection per role. Workers block on BZPOPMIN and must wait out a Redis restart
 * (`maxRetriesPerRequest: null`); producers fail fast while Redis is down (`enableOfflineQueue: false` after
 * the first connect) so ingress can answer the platform with an error instead of holding the request.
 */
export function connectRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role !== "producer",
    lazyConnect: false,
    // Reconnect quickly at first, then at most every 2 s: a restarted Redis is back within seconds.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    connectionName: `rte-${role}`,
  });
  // ioredis reports every failed reconnect as an error event; without a listener Node would crash on it.
  redis.on("error", () => {});
  coalesceWrites(redis);
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
