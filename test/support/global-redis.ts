import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "vitest";
import type { TestProject } from "vitest/node";
import { startPrivateRedis } from "../../src/redis/private-redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * One real redis-server for the whole test run, on a free loopback port (or the one REDIS_URL names).
 * Tests isolate themselves with a fresh key prefix each, not a server each.
 */
export default async function setup(project: TestProject) {
  const given = process.env.REDIS_URL;
  if (given) {
    project.provide("redisUrl", given);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), "rte-test-redis-"));
  const redis = await startPrivateRedis({ dataDir });
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
