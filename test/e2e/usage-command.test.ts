import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createUsageRollup, utcDay } from "../../src/usage/usage-rollup.js";
import { startFakeAnthropic } from "../fakes/fake-anthropic.js";
import { runCli } from "../support/run-cli.js";
import { testPrefix } from "../support/test-prefix.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

describe("rte usage", () => {
  it("prints today's and this month's totals by channel and user with estimated cost", async () => {
    const prefix = testPrefix();
    const rollup = createUsageRollup(redis, prefix);
    const usage = {
      inputTokens: 500_000,
      outputTokens: 50_000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      webSearchRequests: 0,
      webFetchRequests: 0,
      codeExecutions: 0,
    };
    const today = utcDay(Date.now());
    for (const user of ["U1", "U2"]) {
      await rollup.record({
        day: today,
        platform: "slack",
        workspace: "T1",
        channel: "C1",
        user,
        model: "claude-sonnet-5-5",
        usage,
      });
    }
    const env = { REDIS_URL: inject("redisUrl"), RTE_QUEUE_PREFIX: prefix };

    const text = await runCli(["usage"], { env });
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Today, ${today} (UTC)`);
    expect(text.stdout).toContain("This month");
    // Two answers: 1M input at $2 + 100K output at $10 = $3.00, in both periods.
    expect(text.stdout.match(/slack T1\/C1 +2 +1,000,000 +100,000 +0 +0 +0 +0 +0 +\$3\.00/g)).toHaveLength(2);
    expect(text.stdout).toMatch(/slack T1\/U1 +1 /);

    const json = await runCli(["usage", "--json"], {
      env: { ...env, RTE_PRICES: '{"claude-sonnet-5-5":{"input":4,"output":20}}' },
    });
    const report = JSON.parse(json.stdout);
    expect(report.today.total.totals.answers).toBe(2);
    expect(report.month.total.cost).toBeCloseTo(6, 10);
  });

  it("refuses arguments it does not know", async () => {
    const result = await runCli(["usage", "--yesterday"], { env: { REDIS_URL: inject("redisUrl") } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("rte usage [--json]");
  });

  it("counts what `rte ask` answered, through the private redis-server both start in the same folder", async () => {
    const anthropic = await startFakeAnthropic();
    const folder = mkdtempSync(join(tmpdir(), "rte-usage-"));
    try {
      anthropic.enqueue({
        kind: "answer",
        text: "Keep presence in Redis with a TTL.",
        usage: {
          input_tokens: 700,
          output_tokens: 90,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      });
      const env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url };
      const asked = await runCli(["ask", "How do I track presence?"], { cwd: folder, env });
      expect(asked.code).toBe(0);

      const usage = await runCli(["usage"], { cwd: folder, env: {} });
      expect(usage.code).toBe(0);
      expect(usage.stdout).toMatch(/terminal \S+\/cli +1 +700 +90 +0 +0 +0 +0 +0 +\$0\.0023/);
    } finally {
      await anthropic.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
