/**
 * Goals 1–3 of issue 17, from the burst scenario: the ack under a burst with Slack's retries mixed in, the
 * Slack calls each answer costs (under the burst, and for a short answer alone), and the first visible
 * text against the naive bot's in the same run. A run without the burst reports no rows.
 */
import type { BurstResult } from "../scenarios/burst.js";
import { atMost, type GoalRow, type GoalTarget, goalRow } from "./goals.js";
import type { Results } from "./scenario-tables.js";
import { formatNumber } from "./table.js";

/** No later than the naive bot in the same run; without its figure there is nothing to compare. */
const noLaterThan = (naive: number | undefined): GoalTarget => ({
  text: naive === undefined ? "≤ naive" : `≤ naive (${formatNumber(naive, " ms")})`,
  met: (value) => naive !== undefined && value <= naive,
});

/** Answers that cost more Slack calls than 2 + 1 per second the model streamed them. */
const overBudget = (result: BurstResult | undefined) =>
  result === undefined ? undefined : result.mentions - result.withinCallBudget;

export function burstGoals(results: Results<BurstResult>): GoalRow[] {
  const { rte, naive } = results;
  const short = rte?.shortAnswer;
  return [
    goalRow(
      "1. Ack under a burst",
      `ack p99, ${rte?.mentions ?? naive?.mentions ?? 0} mentions + ${rte?.redeliveries ?? 0} Slack retries`,
      { rte: rte?.ackMs.p99, naive: naive?.ackMs.p99 },
      atMost(20, " ms"),
      " ms",
    ),
    goalRow(
      "2. Slack calls per answer",
      "burst answers over 2 + 1 call per second streamed",
      { rte: overBudget(rte), naive: overBudget(naive) },
      atMost(0),
    ),
    goalRow(
      "2. Slack calls per answer",
      `short answer alone (${formatNumber(short?.streamingSeconds, " s")} streamed): calls`,
      { rte: short?.slackCalls, naive: naive?.shortAnswer?.slackCalls },
      {
        text: "≤ 2 + 1/s streamed",
        met: (value) => value <= 2 + (short?.streamingSeconds ?? 0),
      },
    ),
    goalRow(
      "3. First text under a burst",
      "first visible text p50",
      { rte: rte?.firstTextMs.p50, naive: naive?.firstTextMs.p50 },
      noLaterThan(naive?.firstTextMs.p50),
      " ms",
    ),
    goalRow(
      "3. First text under a burst",
      "first visible text p99",
      { rte: rte?.firstTextMs.p99, naive: naive?.firstTextMs.p99 },
      noLaterThan(naive?.firstTextMs.p99),
      " ms",
    ),
  ];
}
