/**
 * Scenario 1, burst: many mentions in distinct threads, sent as fast as the client can. Slack needs each
 * delivery acknowledged within 3 s or it retries; every question must be answered exactly once.
 */
import type { Contender } from "../bots.js";
import type { ProbeReport } from "../process/probe.js";
import { type QuestionRow, questionRows, values } from "../report/question-rows.js";
import { type Distribution, distribution } from "../report/stats.js";
import { type RunContext, withSession } from "./session.js";

export interface BurstResult {
  contender: Contender["key"];
  mentions: number;
  deliveries: number;
  /** How long the client took to send every delivery, and the rate that makes. */
  sendMs: number;
  sendRatePerSecond: number;
  ackMs: Distribution;
  /** Deliveries Slack would have retried (no 2xx within 3 s), and failed ones. */
  retried: number;
  failedDeliveries: number;
  answered: number;
  /** From the first mention to the last answer complete on Slack. */
  allAnsweredMs: number | undefined;
  duplicates: number;
  modelRequestsPerQuestion: number;
  /** From each mention to its first visible text; shows whether answers stream under load. */
  firstTextMs: Distribution;
  /**
   * CPU time of the receiving process over the whole window, per delivery. For rte's ingress that is the
   * cost of acknowledging one delivery; for a single process it includes answering too.
   */
  receivingCpuMsPerDelivery: number | undefined;
  /** The process that received the events, and the one that wrote the answers (the same for one process). */
  receiving: ProbeReport | undefined;
  answering: ProbeReport | undefined;
  fakes: ProbeReport;
  /** Slack calls the fake refused ("method: error"), and calls that belong to no thread. */
  slackRefused: Record<string, number>;
  slackUnattributed: Record<string, number>;
}

export interface BurstPlan {
  mentions: number;
  /** Channel messages sent (and acknowledged) before the measurement, to warm both sides. */
  warmUp: number;
  answerCharacters: number;
  deadlineMs: number;
}

export async function runBurst(
  context: RunContext,
  contender: Contender,
  plan: BurstPlan,
): Promise<BurstResult> {
  return withSession(
    context,
    contender,
    { tag: "burst", answerCharacters: plan.answerCharacters },
    async (session) => {
      const roots = await session.seed(plan.mentions);
      await session.warmUp(plan.warmUp);
      await session.resetProbes();
      const startedAt = Date.now();
      const mentions = await session.mention(roots, 0);
      const sendMs = Math.max(...mentions.map((result) => result.message.sentAt)) - startedAt;
      await session.waitForAnswers(plan.mentions, plan.deadlineMs);
      const { probes, fakes, fakesProbe } = await session.collect();
      const rows: QuestionRow[] = questionRows(mentions, fakes);
      const completes = values(rows, (row) =>
        row.completeMs === undefined ? undefined : row.sentAt + row.completeMs,
      );
      const deliveries = rows.length * 2;
      return {
        contender: contender.key,
        mentions: rows.length,
        deliveries,
        sendMs,
        sendRatePerSecond: sendMs > 0 ? (deliveries / sendMs) * 1000 : Number.NaN,
        ackMs: distribution(rows.flatMap((row) => row.ackMs)),
        retried: rows.reduce((total, row) => total + row.retried, 0),
        failedDeliveries: rows.reduce((total, row) => total + row.failedDeliveries, 0),
        answered: rows.filter((row) => row.answered).length,
        allAnsweredMs: completes.length === rows.length ? Math.max(...completes) - startedAt : undefined,
        duplicates: rows.reduce((total, row) => total + row.duplicates, 0),
        firstTextMs: distribution(values(rows, (row) => row.firstTextMs)),
        modelRequestsPerQuestion: rows.reduce((total, row) => total + row.modelRequests, 0) / rows.length,
        receivingCpuMsPerDelivery: cpuMsPer(probes[session.bot.receiving.name], deliveries),
        receiving: probes[session.bot.receiving.name],
        answering: probes[session.bot.answering.name],
        fakes: fakesProbe,
        slackRefused: fakes.refused,
        slackUnattributed: fakes.unattributed,
      };
    },
  );
}

function cpuMsPer(probe: ProbeReport | undefined, count: number): number | undefined {
  return probe === undefined ? undefined : (probe.cpuCores * probe.windowMs) / count;
}
