/**
 * The tables a run prints: rte and the naive bot side by side, their ratio, and the target next to the
 * measured value. Targets are goals, not assertions: the column says whether this run met them.
 */
import type { ProbeReport } from "../process/probe.js";
import type { AddedLatencyResult } from "../scenarios/added-latency.js";
import type { BurstResult } from "../scenarios/burst.js";
import type { ConcurrencyResult } from "../scenarios/concurrency.js";
import type { FloorResult } from "../scenarios/floor.js";
import { formatNumber, markdownTable, ratio } from "./table.js";

type Pair<T> = { rte?: T | undefined; naive?: T | undefined };

interface Row {
  metric: string;
  rte?: number | undefined;
  naive?: number | undefined;
  /** Text of the target, and whether rte met it. */
  target?: { text: string; met: (value: number) => boolean } | undefined;
  unit?: string;
  /** Show a ratio (default true). */
  compare?: boolean;
}

const megabytes = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / 1024 / 1024);

function render(rows: Row[]): string {
  return markdownTable(
    ["metric", "rte", "naive", "rte / naive", "target (rte)"],
    rows.map((row) => [
      row.metric,
      formatNumber(row.rte, row.unit),
      formatNumber(row.naive, row.unit),
      row.compare === false ? "" : ratio(row.rte, row.naive),
      row.target === undefined
        ? ""
        : `${row.target.text}${row.rte === undefined ? "" : row.target.met(row.rte) ? " ✅" : " ❌"}`,
    ]),
  );
}

const atMost = (limit: number, unit = "") => ({
  text: `≤ ${limit.toLocaleString("en-US")}${unit}`,
  met: (value: number) => value <= limit,
});

function processRows(label: string, pair: Pair<ProbeReport>): Row[] {
  return [
    {
      metric: `${label}: peak RSS`,
      rte: megabytes(pair.rte?.maxRssBytes),
      naive: megabytes(pair.naive?.maxRssBytes),
      unit: " MB",
    },
    {
      metric: `${label}: event-loop delay p99`,
      rte: pair.rte?.eventLoopDelayMs.p99,
      naive: pair.naive?.eventLoopDelayMs.p99,
      unit: " ms",
    },
    { metric: `${label}: CPU (cores)`, rte: pair.rte?.cpuCores, naive: pair.naive?.cpuCores },
  ];
}

export function burstTable(pair: Pair<BurstResult>, floor: FloorResult): string {
  const { rte, naive } = pair;
  const floorNote = `\n\nFloor: the same client against a server that only acknowledges, ${floor.deliveries.toLocaleString("en-US")} deliveries at ${formatNumber(floor.sendRatePerSecond)}/s: ack p50 ${formatNumber(floor.ackMs.p50, " ms")}, p99 ${formatNumber(floor.ackMs.p99, " ms")}, max ${formatNumber(floor.ackMs.max, " ms")}.`;
  return `${render([
    {
      metric: "mentions (each delivered as app_mention + message)",
      rte: rte?.mentions,
      naive: naive?.mentions,
      compare: false,
    },
    {
      metric: "client send rate (deliveries/s)",
      rte: rte?.sendRatePerSecond,
      naive: naive?.sendRatePerSecond,
      compare: false,
    },
    { metric: "ack p50", rte: rte?.ackMs.p50, naive: naive?.ackMs.p50, unit: " ms" },
    { metric: "ack p95", rte: rte?.ackMs.p95, naive: naive?.ackMs.p95, unit: " ms" },
    {
      metric: "ack p99",
      rte: rte?.ackMs.p99,
      naive: naive?.ackMs.p99,
      unit: " ms",
      target: atMost(20, " ms"),
    },
    { metric: "ack max", rte: rte?.ackMs.max, naive: naive?.ackMs.max, unit: " ms" },
    {
      metric: "deliveries Slack would retry (no 2xx in 3 s)",
      rte: rte?.retried,
      naive: naive?.retried,
      compare: false,
    },
    {
      metric: "questions answered",
      rte: rte?.answered,
      naive: naive?.answered,
      compare: false,
      target: rte ? { text: `${rte.mentions}`, met: (value) => value === rte.mentions } : undefined,
    },
    {
      metric: "duplicate answers",
      rte: rte?.duplicates,
      naive: naive?.duplicates,
      compare: false,
      target: atMost(0),
    },
    {
      metric: "Claude requests per question",
      rte: rte?.modelRequestsPerQuestion,
      naive: naive?.modelRequestsPerQuestion,
    },
    {
      metric: "last answer complete after",
      rte: seconds(rte?.allAnsweredMs),
      naive: seconds(naive?.allAnsweredMs),
      unit: " s",
    },
    ...processRows("bot process", { rte: rte?.answering, naive: naive?.answering }),
    {
      metric: "fakes process (Claude + Slack): CPU (cores)",
      rte: rte?.fakes.cpuCores,
      naive: naive?.fakes.cpuCores,
      compare: false,
    },
  ])}${floorNote}`;
}

export function addedLatencyTable(pair: Pair<AddedLatencyResult>): string {
  const { rte, naive } = pair;
  return render([
    { metric: "questions (one at a time)", rte: rte?.questions, naive: naive?.questions, compare: false },
    { metric: "questions answered", rte: rte?.answered, naive: naive?.answered, compare: false },
    { metric: "ack p95", rte: rte?.ackMs.p95, naive: naive?.ackMs.p95, unit: " ms" },
    {
      metric: "mention → Claude request, p50",
      rte: rte?.beforeModelMs.p50,
      naive: naive?.beforeModelMs.p50,
      unit: " ms",
    },
    {
      metric: "added before first visible text, p50",
      rte: rte?.addedFirstTextMs.p50,
      naive: naive?.addedFirstTextMs.p50,
      unit: " ms",
    },
    {
      metric: "added before first visible text, p95",
      rte: rte?.addedFirstTextMs.p95,
      naive: naive?.addedFirstTextMs.p95,
      unit: " ms",
      target: atMost(50, " ms"),
    },
    {
      metric: "added before first visible text, max",
      rte: rte?.addedFirstTextMs.max,
      naive: naive?.addedFirstTextMs.max,
      unit: " ms",
    },
    {
      metric: "added before complete answer, p50",
      rte: rte?.addedCompleteMs.p50,
      naive: naive?.addedCompleteMs.p50,
      unit: " ms",
    },
    {
      metric: "added before complete answer, p95",
      rte: rte?.addedCompleteMs.p95,
      naive: naive?.addedCompleteMs.p95,
      unit: " ms",
    },
    {
      metric: "first visible text after mention, p50",
      rte: rte?.firstTextMs.p50,
      naive: naive?.firstTextMs.p50,
      unit: " ms",
    },
    {
      metric: "the model's own time to first token, p50",
      rte: rte?.modelFirstTokenMs.p50,
      naive: naive?.modelFirstTokenMs.p50,
      unit: " ms",
      compare: false,
    },
    {
      metric: "the model's own generation time, p50",
      rte: rte?.modelTotalMs.p50,
      naive: naive?.modelTotalMs.p50,
      unit: " ms",
      compare: false,
    },
  ]);
}

export function concurrencyTable(levels: Array<{ n: number } & Pair<ConcurrencyResult>>): string {
  const rows: Row[] = [];
  for (const { n, rte, naive } of levels) {
    const at = `N = ${n.toLocaleString("en-US")}`;
    const memoryTarget = n >= 1000 ? atMost(300, " MB") : undefined;
    const delayTarget = n >= 1000 ? atMost(30, " ms") : undefined;
    rows.push(
      {
        metric: `${at}: answers completed`,
        rte: rte?.answered,
        naive: naive?.answered,
        compare: false,
        target: { text: `${n}`, met: (value) => value === n },
      },
      {
        metric: `${at}: answering process peak RSS`,
        rte: megabytes(rte?.answering?.maxRssBytes),
        naive: megabytes(naive?.answering?.maxRssBytes),
        unit: " MB",
        target: memoryTarget,
      },
      {
        metric: `${at}: event-loop delay p99`,
        rte: rte?.answering?.eventLoopDelayMs.p99,
        naive: naive?.answering?.eventLoopDelayMs.p99,
        unit: " ms",
        target: delayTarget,
      },
      { metric: `${at}: CPU (cores)`, rte: rte?.answering?.cpuCores, naive: naive?.answering?.cpuCores },
      {
        metric: `${at}: fakes process CPU (cores)`,
        rte: rte?.fakes.cpuCores,
        naive: naive?.fakes.cpuCores,
        compare: false,
      },
      {
        metric: `${at}: Slack calls per answer, mean`,
        rte: rte?.slackCallsPerAnswer.mean,
        naive: naive?.slackCallsPerAnswer.mean,
      },
      {
        metric: `${at}: answers within 2 + 1 call per streaming second`,
        rte: rte?.withinCallBudget,
        naive: naive?.withinCallBudget,
        compare: false,
        target: rte ? { text: `${rte.answered}`, met: (value) => value === rte.answered } : undefined,
      },
      {
        metric: `${at}: streaming time per answer, mean`,
        rte: rte?.streamingSeconds.mean,
        naive: naive?.streamingSeconds.mean,
        unit: " s",
        compare: false,
      },
      { metric: `${at}: ack p99 while answering`, rte: rte?.ackMs.p99, naive: naive?.ackMs.p99, unit: " ms" },
      {
        metric: `${at}: deliveries Slack would retry`,
        rte: rte?.retried,
        naive: naive?.retried,
        compare: false,
      },
      {
        metric: `${at}: duplicate answers`,
        rte: rte?.duplicates,
        naive: naive?.duplicates,
        compare: false,
        target: atMost(0),
      },
    );
  }
  return render(rows);
}

function seconds(milliseconds: number | undefined): number | undefined {
  return milliseconds === undefined ? undefined : milliseconds / 1000;
}
