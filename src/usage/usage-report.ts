import { estimateCost, type PriceTable, priceFor } from "./prices.js";
import { emptyTotals, type UsageRow, type UsageScope, type UsageTotals } from "./usage-rollup.js";

/** One channel's or user's totals over every model, with what they cost. */
export interface UsageLine {
  /** `platform workspace/id`, e.g. `slack T0123/C0456`. */
  name: string;
  totals: UsageTotals;
  /** Dollars, for the models the price table knows. */
  cost: number;
}

export interface UsagePeriod {
  title: string;
  channels: UsageLine[];
  users: UsageLine[];
  total: UsageLine;
  /** Models whose tokens are counted but not priced: add them to RTE_PRICES. */
  unpricedModels: string[];
}

/** Sums a period's rows by channel and by user and prices them; the costliest come first. */
export function summarizeUsage(title: string, rows: UsageRow[], prices: PriceTable): UsagePeriod {
  const unpriced = new Set<string>();
  const lines = (scope: UsageScope) => {
    const byName = new Map<string, UsageLine>();
    for (const row of rows.filter((item) => item.scope === scope)) {
      const name = `${row.platform} ${row.workspace}/${row.id}`;
      const line = byName.get(name) ?? { name, totals: emptyTotals(), cost: 0 };
      addTotals(line.totals, row.totals);
      const price = priceFor(prices, row.model);
      if (price) line.cost += estimateCost(row.totals, price);
      else unpriced.add(row.model);
      byName.set(name, line);
    }
    return [...byName.values()].sort(
      (left, right) => right.cost - left.cost || right.totals.answers - left.totals.answers,
    );
  };
  const channels = lines("channel");
  const total: UsageLine = { name: "total", totals: emptyTotals(), cost: 0 };
  for (const line of channels) {
    addTotals(total.totals, line.totals);
    total.cost += line.cost;
  }
  return { title, channels, users: lines("user"), total, unpricedModels: [...unpriced].sort() };
}

function addTotals(into: UsageTotals, from: UsageTotals): void {
  for (const key of Object.keys(into) as Array<keyof UsageTotals>) into[key] += from[key];
}

const header = [
  "",
  "answers",
  "input",
  "output",
  "cache read",
  "cache write",
  "searches",
  "fetches",
  "code runs",
  "est. cost",
];

/** The period as aligned text tables: by channel (with the total), then by user. */
export function formatUsagePeriod(period: UsagePeriod): string {
  if (period.total.totals.answers === 0) return `${period.title}\n  no answers recorded\n`;
  const channelRows = [["channel", ...header.slice(1)], ...period.channels.map(cells), cells(period.total)];
  const userRows = [["user", ...header.slice(1)], ...period.users.map(cells)];
  const unpriced =
    period.unpricedModels.length === 0
      ? ""
      : `  no price for ${period.unpricedModels.join(", ")}: tokens counted, cost left out (set RTE_PRICES)\n`;
  // One set of column widths for both tables, so they read as one.
  return `${period.title}\n${alignTable([...channelRows, ...userRows])}\n${unpriced}`;
}

function cells(line: UsageLine): string[] {
  const { totals } = line;
  return [
    line.name,
    ...[
      totals.answers,
      totals.inputTokens,
      totals.outputTokens,
      totals.cacheReadTokens,
      totals.cacheWriteTokens,
      totals.webSearchRequests,
      totals.webFetchRequests,
      totals.codeExecutions,
    ].map((count) => count.toLocaleString("en-US")),
    formatDollars(line.cost),
  ];
}

/** Cents hide what a single answer costs; four decimals show it. */
export function formatDollars(dollars: number): string {
  return `$${dollars.toFixed(dollars >= 1 ? 2 : 4)}`;
}

/** First column left-aligned, numbers right-aligned, two spaces of indent. */
function alignTable(rows: string[][]): string {
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map(
      (row) =>
        `  ${row
          .map((cell, column) =>
            column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
          )
          .join("  ")}`,
    )
    .join("\n");
}
