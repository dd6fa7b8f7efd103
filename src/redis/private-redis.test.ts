import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RteError } from "../core/errors.js";
import { startPrivateRedis } from "./private-redis.js";

describe("the private redis-server", () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("says to set REDIS_URL when it cannot make its data folder, as in a container without one", async () => {
    folder = mkdtempSync(join(tmpdir(), "rte-private-redis-"));
    // A file where the folder should go fails for root too (tests may run as root, which ignores modes).
    const blocker = join(folder, ".rte");
    writeFileSync(blocker, "");

    const starting = startPrivateRedis({ dataDir: join(blocker, "redis") });

    await expect(starting).rejects.toBeInstanceOf(RteError);
    await expect(starting).rejects.toThrow(/Set REDIS_URL to a Redis you run, or RTE_DATA_DIR/);
  });
});
