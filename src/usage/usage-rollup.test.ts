import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { testPrefix } from "../../test/support/test-prefix.js";
import { createUsageRollup, monthToDate, type UsageEntry, utcDay } from "./usage-rollup.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

const usage = {
  inputTokens: 100,
  outputTokens: 20,
  cacheReadTokens: 1_000,
  cacheWriteTokens: 0,
  webSearchRequests: 0,
  webFetchRequests: 0,
  codeExecutions: 0,
};
const entry = (overrides: Partial<UsageEntry>): UsageEntry => ({
  day: "2026-11-24",
  platform: "slack",
  workspace: "T1",
  channel: "C1",
  user: "U1",
  model: "claude-sonnet-5-5",
  usage,
  ...overrides,
});

describe("the usage roll-up", () => {
  it("sums answers and tokens per channel and per user over the days read", async () => {
    const rollup = createUsageRollup(redis, testPrefix());
    await rollup.record(entry({}));
    await rollup.record(entry({ user: "U2" }));
    await rollup.record(entry({ day: "2026-11-25" }));
    await rollup.record(entry({ day: "2026-11-25", channel: "C2", model: "claude-opus-5-5" }));

    const oneDay = await rollup.read(["2026-11-24"]);
    expect(oneDay.find((row) => row.scope === "channel")?.totals).toEqual({
      ...usage,
      answers: 2,
      inputTokens: 200,
      outputTokens: 40,
      cacheReadTokens: 2_000,
    });
    expect(
      oneDay
        .filter((row) => row.scope === "user")
        .map((row) => row.id)
        .sort(),
    ).toEqual(["U1", "U2"]);

    const twoDays = await rollup.read(["2026-11-24", "2026-11-25", "2026-11-26"]);
    const channelOne = twoDays.find((row) => row.scope === "channel" && row.id === "C1");
    expect(channelOne?.totals.answers).toBe(3);
    const userOne = twoDays.filter((row) => row.scope === "user" && row.id === "U1");
    expect(userOne.map((row) => [row.model, row.totals.answers]).sort()).toEqual([
      ["claude-opus-5-5", 1],
      ["claude-sonnet-5-5", 2],
    ]);
  });

  it("keeps ids apart even when they contain separators", async () => {
    const rollup = createUsageRollup(redis, testPrefix());
    await rollup.record(
      entry({ platform: "terminal", workspace: "host:a|b", channel: "cli", user: 'odd"name' }),
    );
    const rows = await rollup.read(["2026-11-24"]);
    expect(rows.map((row) => [row.workspace, row.id]).sort()).toEqual([
      ["host:a|b", "cli"],
      ["host:a|b", 'odd"name'],
    ]);
  });

  it("expires a day's hash instead of keeping it forever", async () => {
    const prefix = testPrefix();
    await createUsageRollup(redis, prefix).record(entry({}));
    const ttl = await redis.ttl(`${prefix}:usage:2026-11-24`);
    expect(ttl).toBeGreaterThan(365 * 24 * 3_600);
  });
});

describe("UTC days", () => {
  it("names the day and lists the month so far", () => {
    const lateOnThe3rd = Date.UTC(2026, 10, 3, 23, 59);
    expect(utcDay(lateOnThe3rd)).toBe("2026-11-03");
    expect(monthToDate(lateOnThe3rd)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
  });
});
