import { join } from "node:path";
import type { Config } from "../config.js";
import type { Logger } from "../core/logger.js";
import { leaseSharedRedis } from "../redis/shared-redis.js";

export interface RedisLease {
  url: string;
  /**
   * Leaves the private redis-server (it stops by itself once no rte process uses it); a no-op for REDIS_URL.
   * `waitMs` bounds the wait for that stop; 0 when the process must exit at once (Ctrl-C).
   */
  release(options?: { waitMs?: number }): Promise<void>;
}

/**
 * REDIS_URL when set; otherwise the private redis-server of RTE_DATA_DIR, shared by every rte process using
 * that folder and started on first use.
 */
export async function leaseRedis(config: Readonly<Config>, logger: Logger): Promise<RedisLease> {
  if (config.redisUrl) return { url: config.redisUrl, release: async () => {} };
  const lease = await leaseSharedRedis({ folder: join(config.dataDir, "redis") });
  logger.info(
    { url: lease.url, dataDir: config.dataDir },
    "using the private redis-server of this data folder (set REDIS_URL to use your own)",
  );
  return lease;
}
