import { join } from "node:path";
import type { Config } from "../config.js";
import type { Logger } from "../core/logger.js";
import { startPrivateRedis } from "../redis/private-redis.js";

export interface RedisLease {
  url: string;
  /** Stops the private redis-server when we started one; a no-op for REDIS_URL. */
  release(): Promise<void>;
}

/** REDIS_URL when set; otherwise a private redis-server with its data under RTE_DATA_DIR. */
export async function leaseRedis(config: Readonly<Config>, logger: Logger): Promise<RedisLease> {
  if (config.redisUrl) return { url: config.redisUrl, release: async () => {} };
  const redis = await startPrivateRedis({ dataDir: join(config.dataDir, "redis") });
  logger.info(
    { url: redis.url, dataDir: config.dataDir },
    "started a private redis-server (set REDIS_URL to use your own)",
  );
  return { url: redis.url, release: () => redis.stop() };
}
