import type { Redis } from "ioredis";
import type { PlatformName } from "../core/ask.js";
import { emptyUsage, type Usage } from "../core/model.js";
import { connectionScript } from "../store/connection-script.js";
import { keyFor } from "../store/keys.js";

/** Long enough to compare a month with the same month last year; a day's hash is a few kilobytes. */
const dayTtlSeconds = 400 * 24 * 3_600;

export type UsageScope = "channel" | "user";

/** Who an answer was for and what it used, on one UTC day. */
export interface UsageEntry {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  platform: PlatformName;
  workspace: string;
  channel: string;
  user: string;
  model: string;
  usage: Usage;
}

export interface UsageTotals extends Usage {
  answers: number;
}

/** One channel's or one user's totals for one model, summed over the days read. */
export interface UsageRow {
  scope: UsageScope;
  platform: PlatformName;
  workspace: string;
  /** The channel id or the user id. */
  id: string;
  model: string;
  totals: UsageTotals;
}

/**
 * Token and server tool usage per channel and per user, one Redis hash per UTC day. Tokens are stored, not dollars, so a
 * corrected price table re-prices history. It leaves out names and question text: ids are enough to
 * attribute cost, and nothing a user wrote is kept here.
 */
export interface UsageRollup {
  record(entry: UsageEntry): Promise<void>;
  read(days: string[]): Promise<UsageRow[]>;
}

const measures = [
  "answers",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "webSearchRequests",
  "webFetchRequests",
  "codeExecutions",
] as const;
type Measure = (typeof measures)[number];

/** KEYS = the day's hash; ARGV = its TTL, then field and amount pairs: all added at once, or none. */
const addToDay = `
for index = 2, #ARGV, 2 do redis.call("HINCRBY", KEYS[1], ARGV[index], ARGV[index + 1]) end
redis.call("EXPIRE", KEYS[1], ARGV[1])
return 0`;

export function createUsageRollup(redis: Redis, prefix: string): UsageRollup {
  const dayKey = (day: string) => keyFor(prefix, "usage", day);
  // One script call per answer, not a MULTI of a dozen HINCRBYs: connection-script.ts says why.
  const add = connectionScript(redis, "rteUsageAddToDay", 1, addToDay);
  return {
    async record(entry) {
      const amounts: Record<Measure, number> = { answers: 1, ...entry.usage };
      const pairs: Array<string | number> = [];
      for (const scope of ["channel", "user"] as const) {
        const id = scope === "channel" ? entry.channel : entry.user;
        for (const measure of measures) {
          const amount = amounts[measure];
          if (amount === 0 && measure !== "answers") continue;
          pairs.push(field(scope, entry.platform, entry.workspace, id, entry.model, measure), amount);
        }
      }
      await add(dayKey(entry.day), dayTtlSeconds, ...pairs);
    },
    async read(days) {
      const pipeline = redis.pipeline();
      for (const day of days) pipeline.hgetall(dayKey(day));
      const replies = (await pipeline.exec()) ?? [];
      const rows = new Map<string, UsageRow>();
      for (const [error, hash] of replies) {
        if (error) throw error;
        for (const [name, value] of Object.entries(hash as Record<string, string>)) {
          addToRows(rows, name, Number(value));
        }
      }
      return [...rows.values()];
    },
  };
}

/** Fields are JSON arrays so that no id, however odd (a terminal's hostname), can blur two rows together. */
function field(
  scope: UsageScope,
  platform: PlatformName,
  workspace: string,
  id: string,
  model: string,
  measure: Measure,
): string {
  return JSON.stringify([scope, platform, workspace, id, model, measure]);
}

function addToRows(rows: Map<string, UsageRow>, name: string, amount: number): void {
  const [scope, platform, workspace, id, model, measure] = JSON.parse(name) as [
    UsageScope,
    PlatformName,
    string,
    string,
    string,
    Measure,
  ];
  const rowKey = JSON.stringify([scope, platform, workspace, id, model]);
  let row = rows.get(rowKey);
  if (!row) {
    row = { scope, platform, workspace, id, model, totals: emptyTotals() };
    rows.set(rowKey, row);
  }
  row.totals[measure] += amount;
}

export function emptyTotals(): UsageTotals {
  return { answers: 0, ...emptyUsage() };
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Every UTC day of the month so far, from the 1st up to and including the day of `epochMs`. */
export function monthToDate(epochMs: number): string[] {
  const today = new Date(epochMs);
  const days: string[] = [];
  for (let date = 1; date <= today.getUTCDate(); date++) {
    days.push(utcDay(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), date)));
  }
  return days;
}
