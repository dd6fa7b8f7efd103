/**
 * The benchmark's own redis-server: started in a fresh data directory, adopted by the supervisor so the
 * reaper stops it if the benchmark dies, and reached through one command connection that empties it
 * between sessions. `stop` stops Redis and removes its data; stop the processes that use it first.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectRedis, waitForRedis } from "../../src/redis/connect-redis.js";
import { startPrivateRedis } from "../../src/redis/private-redis.js";
import type { Supervisor } from "./supervisor.js";

export interface BenchRedis {
  url: string;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchRedis(supervisor: Supervisor, name: string): Promise<BenchRedis> {
  const dataDirectory = mkdtempSync(join(tmpdir(), `${name}-`));
  const redis = await startPrivateRedis({ dataDir: dataDirectory });
  if (redis.pid !== undefined) supervisor.adopt(redis.pid, dataDirectory);
  const client = connectRedis(redis.url, "command");
  await waitForRedis(client, redis.url);
  return {
    url: redis.url,
    async flush() {
      await client.flushall();
    },
    async stop() {
      client.disconnect();
      await redis.stop();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
