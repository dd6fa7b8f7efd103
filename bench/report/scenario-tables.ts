/**
 * The tables a run prints: each contender side by side (rte as deployed on Fly — ingress and worker
 * processes — rte in one `serve` process where measured, the naive bot), rte / naive, and the target next
 * to rte's value. Targets are goals, not assertions: the column says whether this run met them.
 */
import type { ProbeReport } from "../process/probe.js";
import type { AddedLatencyResult } from "../scenarios/added-latency.js";
import type { BurstResult } from "../scenarios/burst.js";
import type { ConcurrencyResult } from "../scenarios/concurrency.js";
import type { FloorResult } from "../scenarios/floor.js";
import type { AckParts } from "./ack-parts.js";
import { formatNumber, markdownTable, ratio } from "./table.js";

export type ContenderKey = "rte" | "rte-serve" | "naive";

export const contenderTitles: Record<ContenderKey, string> = {
  rte: "rte",
  "rte-serve": "rte serve",
  naive: "naive",
};

export type Results<T> = Partial<Record<ContenderKey, T>>;

interface Row {
  metric: string;
  values: Partial<Record<ContenderKey, number | undefined>>;
  /** Text of the target, and whether rte met it. */
  target?: { text: string; met: (value: number) => boolean } | undefined;
  unit?: string;
  /** Show rte / naive (default true). */
  compare?: boolean;
}

const megabytes = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / 1024 / 1024);

function render(columns: ContenderKey[], rows: Row[]): string {
  return markdownTable(
    ["metric", ...columns.map((key) => contenderTitles[key]), "rte / naive", "target (rte)"],
    rows.map((row) => {
      const rte = row.values.rte;
      const verdict =
        rte === undefined || row.target === undefined ? "" : row.target.met(rte) ? " ✅" : " ❌";
      return [
        row.metric,
        ...columns.map((key) => formatNumber(row.values[key], row.unit)),
        row.compare === false ? "" : ratio(rte, row.values.naive),
        row.target === undefined ? "" : `${row.target.text}${verdict}`,
      ];
    }),
  );
}

/** The columns to show: every contender that has a result, in a fixed order, rte and naive always. */
function columnsOf(results: Array<Results<unknown>>): ContenderKey[] {
  const order: ContenderKey[] = ["rte", "rte-serve", "naive"];
  return order.filter(
    (key) => key !== "rte-serve" || results.some((result) => result["rte-serve"] !== undefined),
  );
}

function pick<T>(results: Results<T>, value: (result: T) => number | undefined): Row["values"] {
  const values: Row["values"] = {};
  for (const [key, result] of Object.entries(results) as Array<[ContenderKey, T | undefined]>) {
    if (result !== undefined) values[key] = value(result);
  }
  return values;
}

const atMost = (limit: number, unit = "") => ({
  text: `≤ ${limit.toLocaleString("en-US")}${unit}`,
  met: (value: number) => value <= limit,
});

/** rte's value no higher than the naive bot's in the same run (no verdict without one). */
const noLaterThanNaive = (naive: number | undefined) =>
  naive === undefined
    ? undefined
    : { text: `≤ naive (${formatNumber(naive, " ms")})`, met: (value: number) => value <= naive };

const exactly = (count: number) => ({
  text: `${count.toLocaleString("en-US")}`,
  met: (value: number) => value === count,
});

function processRows<T>(
  label: string,
  results: Results<T>,
  probe: (result: T) => ProbeReport | undefined,
): Row[] {
  return [
    {
      metric: `${label}: peak RSS`,
      values: pick(results, (result) => megabytes(probe(result)?.maxRssBytes)),
      unit: " MB",
    },
    {
      metric: `${label}: event-loop delay p99`,
      values: pick(results, (result) => probe(result)?.eventLoopDelayMs.p99),
      unit: " ms",
    },
    { metric: `${label}: CPU (cores)`, values: pick(results, (result) => probe(result)?.cpuCores) },
  ];
}

/** The slowest 1 % of acks, split between the client and the receiving process (report/ack-parts.ts). */
function ackPartRows(results: Results<BurstResult>): Row[] {
  const parts: Array<[string, (parts: AckParts) => number]> = [
    ["in the client, before its request was written", (parts) => parts.clientBeforeWriteMs],
    ["kernel and receiving process, until the request event", (parts) => parts.toRequestEventMs],
    ["inside the receiving process", (parts) => parts.insideMs],
    ["after the response was written, until the client saw it", (parts) => parts.clientAfterResponseMs],
  ];
  return parts.map(([where, part]) => ({
    metric: `slowest 1 % of acks (mean): ${where}`,
    values: pick(results, (result) =>
      result.slowestAckParts === undefined ? undefined : part(result.slowestAckParts),
    ),
    unit: " ms",
    // Which part is larger is not better or worse; the parts explain the ack p99 above.
    compare: false,
  }));
}

export function burstTable(results: Results<BurstResult>, floor: FloorResult): string {
  const mentions = results.rte?.mentions ?? results.naive?.mentions ?? 0;
  const floorNote = `\n\nFloor: the same client against a server that only acknowledges, ${floor.deliveries.toLocaleString("en-US")} deliveries at ${formatNumber(floor.sendRatePerSecond)}/s: ack p50 ${formatNumber(floor.ackMs.p50, " ms")}, p99 ${formatNumber(floor.ackMs.p99, " ms")}, max ${formatNumber(floor.ackMs.max, " ms")}.`;
  const rows: Row[] = [
    {
      metric: "client send rate (deliveries/s)",
      values: pick(results, (r) => r.sendRatePerSecond),
      compare: false,
    },
    { metric: "ack p50", values: pick(results, (r) => r.ackMs.p50), unit: " ms" },
    { metric: "ack p95", values: pick(results, (r) => r.ackMs.p95), unit: " ms" },
    { metric: "ack p99", values: pick(results, (r) => r.ackMs.p99), unit: " ms", target: atMost(20, " ms") },
    { metric: "ack max", values: pick(results, (r) => r.ackMs.max), unit: " ms" },
    {
      metric: "inside the receiving process (request event → response written), p50",
      values: pick(results, (r) => r.receiving?.postRequestMs.p50),
      unit: " ms",
    },
    {
      metric: "inside the receiving process (request event → response written), p99",
      values: pick(results, (r) => r.receiving?.postRequestMs.p99),
      unit: " ms",
    },
    ...ackPartRows(results),
    {
      metric: "of which Slack's retries (X-Slack-Retry-Num)",
      values: pick(results, (r) => r.redeliveries),
      compare: false,
    },
    {
      metric: "deliveries Slack would retry (no 2xx in 3 s)",
      values: pick(results, (r) => r.retried),
      compare: false,
    },
    {
      metric: "questions answered",
      values: pick(results, (r) => r.answered),
      compare: false,
      target: exactly(mentions),
    },
    {
      metric: "duplicate answers",
      values: pick(results, (r) => r.duplicates),
      compare: false,
      target: atMost(0),
    },
    { metric: "Claude requests per question", values: pick(results, (r) => r.modelRequestsPerQuestion) },
    {
      metric: "first visible text after mention, p50",
      values: pick(results, (r) => r.firstTextMs.p50),
      unit: " ms",
      target: noLaterThanNaive(results.naive?.firstTextMs.p50),
    },
    {
      metric: "first visible text after mention, p95",
      values: pick(results, (r) => r.firstTextMs.p95),
      unit: " ms",
    },
    {
      metric: "first visible text after mention, p99",
      values: pick(results, (r) => r.firstTextMs.p99),
      unit: " ms",
      target: noLaterThanNaive(results.naive?.firstTextMs.p99),
    },
    {
      metric: "Slack calls per answer, mean",
      values: pick(results, (r) => r.slackCallsPerAnswer.mean),
    },
    {
      metric: "Slack calls per answer, max",
      values: pick(results, (r) => r.slackCallsPerAnswer.max),
    },
    {
      metric: "answers within 2 + 1 call per second streamed",
      values: pick(results, (r) => r.withinCallBudget),
      compare: false,
      target: exactly(mentions),
    },
    {
      metric: "short answer alone: Slack calls",
      values: pick(results, (r) => r.shortAnswer?.slackCalls),
      target: {
        text: "≤ 2 + 1/s streamed",
        met: (value: number) => value <= 2 + (results.rte?.shortAnswer?.streamingSeconds ?? 0),
      },
    },
    {
      metric: "last answer complete after",
      values: pick(results, (r) => seconds(r.allAnsweredMs)),
      unit: " s",
    },
    ...processRows("process receiving events", results, (r) => r.receiving),
    {
      metric: "process receiving events: CPU per delivery",
      values: pick(results, (r) => r.receivingCpuMsPerDelivery),
      unit: " ms",
    },
    ...processRows("process writing answers", results, (r) => r.answering),
    {
      metric: "fakes (Claude + Slack): CPU (cores)",
      values: pick(results, (r) => r.fakes.cpuCores),
      compare: false,
    },
  ];
  return `${render(columnsOf([results]), rows)}${floorNote}`;
}

export function addedLatencyTable(results: Results<AddedLatencyResult>): string {
  const rows: Row[] = [
    { metric: "questions answered", values: pick(results, (r) => r.answered), compare: false },
    { metric: "ack p95", values: pick(results, (r) => r.ackMs.p95), unit: " ms" },
    {
      metric: "mention → Claude request, p50",
      values: pick(results, (r) => r.beforeModelMs.p50),
      unit: " ms",
    },
    {
      metric: "mention → Claude request, p95",
      values: pick(results, (r) => r.beforeModelMs.p95),
      unit: " ms",
    },
    {
      metric: "Claude's first token → visible on Slack, p50",
      values: pick(results, (r) => r.firstTokenToTextMs.p50),
      unit: " ms",
    },
    {
      metric: "Claude's first token → visible on Slack, p95",
      values: pick(results, (r) => r.firstTokenToTextMs.p95),
      unit: " ms",
    },
    {
      metric: "added before first visible text, p50",
      values: pick(results, (r) => r.addedFirstTextMs.p50),
      unit: " ms",
    },
    {
      metric: "added before first visible text, p95",
      values: pick(results, (r) => r.addedFirstTextMs.p95),
      unit: " ms",
      target: atMost(50, " ms"),
    },
    {
      metric: "added before first visible text, max",
      values: pick(results, (r) => r.addedFirstTextMs.max),
      unit: " ms",
    },
    {
      metric: "added before complete answer, p50",
      values: pick(results, (r) => r.addedCompleteMs.p50),
      unit: " ms",
    },
    {
      metric: "added before complete answer, p95",
      values: pick(results, (r) => r.addedCompleteMs.p95),
      unit: " ms",
    },
    {
      metric: "first visible text after mention, p50",
      values: pick(results, (r) => r.firstTextMs.p50),
      unit: " ms",
    },
    {
      metric: "the model's own time to first token, p50",
      values: pick(results, (r) => r.modelFirstTokenMs.p50),
      unit: " ms",
      compare: false,
    },
    {
      metric: "the model's own generation time, p50",
      values: pick(results, (r) => r.modelTotalMs.p50),
      unit: " ms",
      compare: false,
    },
    { metric: "Slack calls per answer, mean", values: pick(results, (r) => r.slackCallsPerAnswer.mean) },
    {
      metric: "streaming time per answer, mean",
      values: pick(results, (r) => r.streamingSeconds.mean),
      unit: " s",
      compare: false,
    },
    {
      metric: "answers within 2 + 1 call per streaming second",
      values: pick(results, (r) => r.withinCallBudget),
      compare: false,
      target: results.rte ? exactly(results.rte.questions) : undefined,
    },
  ];
  return render(columnsOf([results]), rows);
}

export function concurrencyTable(levels: Array<{ n: number; results: Results<ConcurrencyResult> }>): string {
  const rows: Row[] = [];
  for (const { n, results } of levels) {
    const at = `N = ${n.toLocaleString("en-US")}`;
    rows.push(
      {
        metric: `${at}: answers completed`,
        values: pick(results, (r) => r.answered),
        compare: false,
        target: exactly(n),
      },
      {
        metric: `${at}: answering process peak RSS`,
        values: pick(results, (r) => megabytes(r.answering?.maxRssBytes)),
        unit: " MB",
        target: n >= 1000 ? atMost(300, " MB") : undefined,
      },
      {
        metric: `${at}: seconds until every answer had started`,
        values: pick(results, (r) => r.rampMs / 1000),
        unit: " s",
      },
      {
        metric: `${at}: event-loop delay p99 while answers start`,
        values: pick(results, (r) => r.answeringRamp?.eventLoopDelayMs.p99),
        unit: " ms",
      },
      {
        metric: `${at}: event-loop delay p99 while streaming`,
        values: pick(results, (r) => r.answering?.eventLoopDelayMs.p99),
        unit: " ms",
        target: n >= 1000 ? atMost(30, " ms") : undefined,
      },
      {
        metric: `${at}: event-loop delay p99 while streaming, rte's own /metrics`,
        values: pick(results, (r) => r.answeringMetrics?.eventLoopLagP99Ms),
        unit: " ms",
        compare: false,
      },
      { metric: `${at}: CPU while streaming (cores)`, values: pick(results, (r) => r.answering?.cpuCores) },
      {
        metric: `${at}: share of streaming time in GC pauses`,
        values: pick(results, (r) =>
          r.answering ? (100 * r.answering.gc.totalMs) / r.answering.windowMs : undefined,
        ),
        unit: " %",
      },
      {
        metric: `${at}: longest GC pause while streaming`,
        values: pick(results, (r) => r.answering?.gc.longestMs),
        unit: " ms",
      },
      {
        metric: `${at}: young-generation GC (scavenges) while streaming`,
        values: pick(results, (r) => r.answering?.gc.young.pauses),
        compare: false,
      },
      {
        metric: `${at}: mean scavenge pause`,
        values: pick(results, (r) => {
          const young = r.answering?.gc.young;
          return young && young.pauses > 0 ? young.totalMs / young.pauses : undefined;
        }),
        unit: " ms",
      },
      {
        metric: `${at}: longest scavenge pause`,
        values: pick(results, (r) => r.answering?.gc.young.longestMs),
        unit: " ms",
      },
      {
        metric: `${at}: Slack calls per answer, mean`,
        values: pick(results, (r) => r.slackCallsPerAnswer.mean),
      },
      {
        metric: `${at}: answers within 2 + 1 call per streaming second`,
        values: pick(results, (r) => r.withinCallBudget),
        compare: false,
        target: results.rte ? exactly(results.rte.answered) : undefined,
      },
      {
        metric: `${at}: streaming time per answer, mean`,
        values: pick(results, (r) => r.streamingSeconds.mean),
        unit: " s",
        compare: false,
      },
      { metric: `${at}: ack p99 while answering`, values: pick(results, (r) => r.ackMs.p99), unit: " ms" },
      {
        metric: `${at}: deliveries Slack would retry`,
        values: pick(results, (r) => r.retried),
        compare: false,
      },
      {
        metric: `${at}: duplicate answers`,
        values: pick(results, (r) => r.duplicates),
        compare: false,
        target: atMost(0),
      },
      {
        metric: `${at}: fakes process CPU (cores)`,
        values: pick(results, (r) => r.fakes.cpuCores),
        compare: false,
      },
    );
  }
  return render(columnsOf(levels.map((level) => level.results)), rows);
}

function seconds(milliseconds: number | undefined): number | undefined {
  return milliseconds === undefined ? undefined : milliseconds / 1000;
}
