/**
 * The overload scenario's report: the two counts that must be 0 (duplicates, lost) marked ✅ or ❌, and the
 * lock losses that happened on the way, which may be anything: they are the stress, not the failure.
 */
import type { OverloadResult } from "../scenarios/overload.js";
import { atMost, type GoalRow, goalRow } from "./goals.js";
import { formatNumber, markdownTable } from "./table.js";

/** Issue 12's promise under overload, for the run's Goals table: nothing doubled, nothing lost. */
export function overloadGoals(result: OverloadResult | undefined): GoalRow[] {
  if (result === undefined) return [];
  const goal = "Exactly once on starved workers";
  return [
    goalRow(goal, "duplicate answers", { rte: result.duplicates, naive: undefined }, atMost(0)),
    goalRow(goal, "lost answers", { rte: result.lost, naive: undefined }, atMost(0)),
  ];
}

export function overloadTable(result: OverloadResult | undefined): string {
  if (result === undefined) return "Not measured.";
  const goal = (value: number) => `${formatNumber(value)} ${value === 0 ? "✅" : "❌"}`;
  const losses = Object.entries(result.lockLosses)
    .map(([event, count]) => `${event} ${formatNumber(count)}`)
    .join(", ");
  return markdownTable(
    ["metric", "rte", "goal"],
    [
      ["duplicate answers", goal(result.duplicates), "0"],
      ["lost answers (asked, never answered)", goal(result.lost), "0"],
      ["answered", `${formatNumber(result.answered)} of ${formatNumber(result.answers)}`, ""],
      ["lock losses (rte_job_lock_losses_total)", losses, "counted, may occur"],
      ["attempts abandoned after losing the lock", formatNumber(result.abandoned), "counted, may occur"],
      ...Object.entries(result.perWorker).map(([name, counts]) => [
        `${name}: stalls found / attempts abandoned / answered`,
        `${formatNumber(counts.stalled)} / ${formatNumber(counts.abandoned)} / ${formatNumber(counts.answered)}`,
        "",
      ]),
      ["messages deleted (posts withdrawn after a takeover)", formatNumber(result.deletedMessages), ""],
      ["model requests (attempts)", formatNumber(result.modelRequests), ""],
      [
        "jobs failed / still unfinished in the queue",
        `${result.failedJobs} / ${result.unfinishedJobs}`,
        "0 / 0",
      ],
      ...Object.entries(result.failedReasons).map(([reason, count]) => [
        `failed: ${reason}`,
        String(count),
        "",
      ]),
      [
        "setting",
        `${result.workers} × rte worker, RTE_LOCK_MS=${result.lockMs}, ${result.hogs} busy-loop processes`,
        "",
      ],
      ["load average (1 min) at the end", formatNumber(result.loadAverageAtEnd), ""],
      ["wall time", formatNumber(result.wallMs / 1000, " s"), ""],
    ],
  );
}
