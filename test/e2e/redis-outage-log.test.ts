import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, type PrivateRedis, startPrivateRedis } from "../../src/redis/private-redis.js";
import { type RunningCli, startCli } from "../support/start-cli.js";
import { testPrefix } from "../support/test-prefix.js";

const logLines = (rte: RunningCli) =>
  rte
    .stderr()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: number; msg: string });

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a running `rte worker` whose Redis goes away and comes back", () => {
  let rte: RunningCli | undefined;
  let redis: PrivateRedis | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await rte?.kill();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs one error when it goes, none for each reconnect attempt, and one line when it is back", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "rte-outage-"));
    const port = await freePort();
    redis = await startPrivateRedis({ dataDir, port });
    rte = await startCli(["worker"], {
      REDIS_URL: redis.url,
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
      RTE_QUEUE_PREFIX: testPrefix(),
    });
    const running = rte;

    await redis.stop();
    // Long enough for every connection to fail to reconnect several times (they retry within 2 s).
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    redis = await startPrivateRedis({ dataDir, port });
    await until(() => logLines(running).some((line) => line.msg.startsWith("Redis is reachable again")));

    const errors = logLines(running).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual([
      "Redis is unreachable: answers wait and go on when it is back (is it running? check REDIS_URL)",
    ]);
  });
});
