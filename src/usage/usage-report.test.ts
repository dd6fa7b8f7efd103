import { describe, expect, it } from "vitest";
import { defaultPrices } from "./prices.js";
import { formatDollars, formatUsagePeriod, summarizeUsage } from "./usage-report.js";
import type { UsageRow } from "./usage-rollup.js";

const million = {
  answers: 10,
  inputTokens: 1_000_000,
  outputTokens: 100_000,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  webSearchRequests: 0,
  webFetchRequests: 0,
  codeExecutions: 0,
};
const rows: UsageRow[] = [
  {
    scope: "channel",
    platform: "slack",
    workspace: "T1",
    id: "C1",
    model: "claude-sonnet-5-5",
    totals: million,
  },
  {
    scope: "channel",
    platform: "discord",
    workspace: "G1",
    id: "C9",
    model: "mystery-model",
    totals: { ...million, answers: 1 },
  },
  {
    scope: "user",
    platform: "slack",
    workspace: "T1",
    id: "U1",
    model: "claude-sonnet-5-5",
    totals: million,
  },
  {
    scope: "user",
    platform: "discord",
    workspace: "G1",
    id: "U9",
    model: "mystery-model",
    totals: { ...million, answers: 1 },
  },
];

describe("the usage report", () => {
  it("prices each channel and user, totals the channels, and names models it cannot price", () => {
    const period = summarizeUsage("Today", rows, defaultPrices);
    // 1M input at $2 + 100K output at $10 = $3.
    expect(period.channels.map((line) => [line.name, line.cost])).toEqual([
      ["slack T1/C1", 3],
      ["discord G1/C9", 0],
    ]);
    expect(period.total.totals.answers).toBe(11);
    expect(period.total.cost).toBe(3);
    expect(period.users.map((line) => line.name)).toEqual(["slack T1/U1", "discord G1/U9"]);
    expect(period.unpricedModels).toEqual(["mystery-model"]);

    const text = formatUsagePeriod(period);
    expect(text).toContain("Today\n");
    expect(text).toMatch(/slack T1\/C1 +10 +1,000,000 +100,000 +0 +0 +0 +0 +0 +\$3\.00/);
    expect(text).toMatch(/total +11 /);
    expect(text).toContain("no price for mystery-model");
  });

  it("says so when nothing was answered", () => {
    expect(formatUsagePeriod(summarizeUsage("Today", [], defaultPrices))).toBe(
      "Today\n  no answers recorded\n",
    );
  });

  it("shows a single answer's cost to the hundredth of a cent", () => {
    expect(formatDollars(0.0084)).toBe("$0.0084");
    expect(formatDollars(12.5)).toBe("$12.50");
  });
});
