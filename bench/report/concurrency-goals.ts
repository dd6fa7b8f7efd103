/** Goal 4 of issue 17: 1,000 concurrent streaming answers in one worker, lean in memory and responsive. */
import type { ConcurrencyResult } from "../scenarios/concurrency.js";
import { atMost, type GoalRow, goalRow } from "./goals.js";
import type { Results } from "./scenario-tables.js";

const goal = "4. 1,000 answers streaming in one worker";
const megabytes = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / 1024 / 1024);

/** The rows come from the 1,000 level of the concurrency scenario; a run without it reports no rows. */
export function concurrencyGoals(
  levels: Array<{ n: number; results: Results<ConcurrencyResult> }>,
): GoalRow[] {
  const level = levels.find((candidate) => candidate.n === 1_000);
  if (level === undefined) return [];
  const { rte, naive } = level.results;
  return [
    goalRow(
      goal,
      "answering process peak RSS",
      { rte: megabytes(rte?.answering?.maxRssBytes), naive: megabytes(naive?.answering?.maxRssBytes) },
      atMost(300, " MB"),
      " MB",
    ),
    goalRow(
      goal,
      "event-loop delay p99 while streaming",
      { rte: rte?.answering?.eventLoopDelayMs.p99, naive: naive?.answering?.eventLoopDelayMs.p99 },
      atMost(30, " ms"),
      " ms",
    ),
  ];
}
