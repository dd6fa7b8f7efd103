/**
 * Scenario 3, concurrency: N answers streaming at once through one answering process (rte's worker with
 * RTE_WORKER_CONCURRENCY=N behind its own ingress; the naive bot's only process). Peak memory, event-loop
 * delay, and how many Slack calls each answer cost against 2 + 1 per second of streaming.
 */
import type { Contender } from "../bots.js";
import { request } from "../process/ipc.js";
import type { ProbeReport } from "../process/probe.js";
import { type ProcessMetrics, scrapeProcessMetrics } from "../report/prometheus.js";
import { questionRows, sumCalls, values } from "../report/question-rows.js";
import { type Distribution, distribution } from "../report/stats.js";
import { type RunContext, withSession } from "./session.js";

export interface ConcurrencyResult {
  contender: Contender["key"];
  concurrency: number;
  answered: number;
  /** From the first mention to the last answer complete. */
  wallMs: number;
  /**
   * The answering process while the N answers start (from the first mention until the model has every
   * request: a burst of arrivals), and while they stream (from then until the last is complete), which is
   * what "N concurrent answers" costs. Peak RSS is the process's high-water mark either way.
   */
  answeringRamp: ProbeReport | undefined;
  answering: ProbeReport | undefined;
  /** The streaming window as the answering process's own /metrics reports it (rte only). */
  answeringMetrics: ProcessMetrics | undefined;
  /** From the first mention until the model had every request. */
  rampMs: number;
  fakes: ProbeReport;
  streamingSeconds: Distribution;
  slackCallsPerAnswer: Distribution;
  /** 2 + streaming seconds, per answer. */
  callBudgetPerAnswer: Distribution;
  /** Answers whose Slack calls stayed within 2 + 1 per second of streaming. */
  withinCallBudget: number;
  callsByMethod: Record<string, number>;
  duplicates: number;
  ackMs: Distribution;
  /** Deliveries Slack would have retried (no 2xx within 3 s). */
  retried: number;
  /** Slack calls the fake refused ("method: error"), and calls that belong to no thread. */
  slackRefused: Record<string, number>;
  slackUnattributed: Record<string, number>;
}

export interface ConcurrencyPlan {
  levels: number[];
  answerCharacters: number;
  /** Short questions answered before the measurement, so the worker's answering path is warm. */
  warmAnswers: number;
  /** Beyond the expected streaming time. */
  graceMs: number;
}

export async function runConcurrency(
  context: RunContext,
  contender: Contender,
  concurrency: number,
  plan: ConcurrencyPlan,
): Promise<ConcurrencyResult> {
  return withSession(
    context,
    contender,
    {
      tag: `concurrency${concurrency}`,
      answerCharacters: plan.answerCharacters,
      environment: { RTE_WORKER_CONCURRENCY: String(concurrency) },
    },
    async (session) => {
      const roots = await session.seed(concurrency);
      await session.warmUp(100);
      await session.warmAnswers(plan.warmAnswers);
      await session.resetProbes();
      await scrapeProcessMetrics(session.bot.answeringMetricsUrl);
      const startedAt = Date.now();
      const mentions = await session.mention(roots, 0);
      await session.waitForModelRequests(concurrency, 60_000);
      const rampMs = Date.now() - startedAt;
      const answeringRamp = await request<ProbeReport>(session.bot.answering.process, "probe-report");
      await session.resetProbes();
      await scrapeProcessMetrics(session.bot.answeringMetricsUrl);
      const expectedMs =
        context.pace.timeToFirstTokenMs +
        (plan.answerCharacters * 1.2 * 1000) / 4 / context.pace.tokensPerSecond;
      await session.waitForAnswers(concurrency, expectedMs + plan.graceMs);
      const answeringMetrics = await scrapeProcessMetrics(session.bot.answeringMetricsUrl);
      const { probes, fakes, fakesProbe } = await session.collect();
      const rows = questionRows(mentions, fakes);
      const answered = rows.filter((row) => row.answered);
      const budget = (row: (typeof rows)[number]) => 2 + (row.streamingSeconds ?? 0);
      const callsByMethod = sumCalls(answered);
      return {
        contender: contender.key,
        concurrency,
        answered: answered.length,
        wallMs: Math.max(
          0,
          ...values(answered, (row) => row.completeMs && row.sentAt + row.completeMs - startedAt),
        ),
        answeringRamp,
        answering: probes[session.bot.answering.name],
        answeringMetrics,
        rampMs,
        fakes: fakesProbe,
        streamingSeconds: distribution(values(answered, (row) => row.streamingSeconds)),
        slackCallsPerAnswer: distribution(answered.map((row) => row.slackCalls)),
        callBudgetPerAnswer: distribution(answered.map(budget)),
        withinCallBudget: answered.filter((row) => row.slackCalls <= budget(row)).length,
        callsByMethod,
        duplicates: rows.reduce((total, row) => total + row.duplicates, 0),
        ackMs: distribution(rows.flatMap((row) => row.ackMs)),
        retried: rows.reduce((total, row) => total + row.retried, 0),
        slackRefused: fakes.refused,
        slackUnattributed: fakes.unattributed,
      };
    },
  );
}
