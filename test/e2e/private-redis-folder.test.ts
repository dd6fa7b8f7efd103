import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { leaseSharedRedis } from "../../src/redis/shared-redis.js";
import { eventually, redisServersUnder } from "../support/redis-processes.js";

describe("the private redis-server of a data folder", () => {
  it("still stops by itself when its folder was deleted while it ran", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rte-deleted-"));
    const lease = await leaseSharedRedis({ folder: join(folder, "redis") });
    expect(redisServersUnder(folder)).toHaveLength(1);

    // `rm -rf .rte` while rte runs, or a test cleaning up its folder while the server idles out.
    rmSync(folder, { recursive: true, force: true });
    await lease.release({ waitMs: 0 });

    await eventually(() => redisServersUnder(folder).length === 0, "the redis-server stopping");
  });
});
