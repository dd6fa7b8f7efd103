/**
 * The "Goals" table printed at the end of `npm run bench`: one row per measured goal, rte's value next to
 * the target and the naive bot's value, with ✅/❌. Each scenario adds its rows through `goalRow`; goals a
 * run did not measure are left out rather than reported as missed.
 */
import { formatNumber, markdownTable } from "./table.js";

export interface GoalTarget {
  /** How the target reads in the table, e.g. "≤ 300 MB". */
  text: string;
  met: (value: number) => boolean;
}

export interface GoalRow {
  /** Which goal this row belongs to, e.g. "4. 1,000 answers on one worker". */
  goal: string;
  metric: string;
  rte: number | undefined;
  naive: number | undefined;
  target: GoalTarget;
  unit: string;
}

export const atMost = (limit: number, unit = ""): GoalTarget => ({
  text: `≤ ${limit.toLocaleString("en-US")}${unit}`,
  met: (value) => value <= limit,
});

export const atLeast = (limit: number, unit = ""): GoalTarget => ({
  text: `≥ ${limit.toLocaleString("en-US")}${unit}`,
  met: (value) => value >= limit,
});

export function goalRow(
  goal: string,
  metric: string,
  values: { rte: number | undefined; naive: number | undefined },
  target: GoalTarget,
  unit = "",
): GoalRow {
  return { goal, metric, rte: values.rte, naive: values.naive, target, unit };
}

/** ✅ met, ❌ missed, – not measured in this run. */
export function verdict(row: GoalRow): string {
  if (row.rte === undefined || !Number.isFinite(row.rte)) return "–";
  return row.target.met(row.rte) ? "✅" : "❌";
}

export function goalsTable(rows: GoalRow[]): string {
  return markdownTable(
    ["goal", "metric", "rte", "target", "met", "naive"],
    rows.map((row) => [
      row.goal,
      row.metric,
      formatNumber(row.rte, row.unit),
      row.target.text,
      verdict(row),
      formatNumber(row.naive, row.unit),
    ]),
  );
}
