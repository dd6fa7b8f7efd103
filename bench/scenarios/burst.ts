/**
 * Scenario 1, burst: many mentions in distinct threads at a high pace, each delivered twice (app_mention and
 * message) and some a third time as Slack's retry. Slack needs each delivery acknowledged within 3 s or it
 * retries; every question must be answered exactly once. Then one short answer alone: what a quiet
 * workspace's question costs in Slack calls.
 */
import type { Contender } from "../bots.js";
import type { ProbeReport } from "../process/probe.js";
import { type AckParts, slowestAckParts } from "../report/ack-parts.js";
import { type QuestionRow, questionRows, sumCalls, values } from "../report/question-rows.js";
import { type Distribution, distribution } from "../report/stats.js";
import { deliveriesOf, type RunContext, withSession } from "./session.js";

export interface BurstResult {
  contender: Contender["key"];
  mentions: number;
  deliveries: number;
  /** Deliveries sent again with `X-Slack-Retry-Num` on purpose (Slack's retries mixed into the burst). */
  redeliveries: number;
  /** How long the client took to send every delivery, and the rate that makes. */
  sendMs: number;
  sendRatePerSecond: number;
  ackMs: Distribution;
  /** Where the slowest 1 % of those acks spent their time, client and receiving process (ack-parts.ts). */
  slowestAckParts: AckParts | undefined;
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
  /** Slack Web API calls each answer cost under the burst, and the seconds the model streamed it. */
  slackCallsPerAnswer: Distribution;
  streamingSeconds: Distribution;
  /** Answers whose Slack calls stayed within 2 + 1 per second of streaming. */
  withinCallBudget: number;
  callsByMethod: Record<string, number>;
  /** One short answer asked alone after the burst: its calls, and how long it streamed. */
  shortAnswer:
    | { slackCalls: number; streamingSeconds: number | undefined; callsByMethod: Record<string, number> }
    | undefined;
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
  /** Short questions answered before the measurement, so the worker's answering path is warm too. */
  warmAnswers: number;
  answerCharacters: number;
  deadlineMs: number;
  /** Mentions sent per second; 0 sends as fast as the client can. */
  mentionsPerSecond: number;
  /** Share of mentions Slack delivers a third time, as a retry, about a second later. */
  retryShare: number;
  /** Length of the short answer asked alone after the burst. */
  shortAnswerCharacters: number;
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
      await session.warmAnswers(plan.warmAnswers);
      await session.resetProbes();
      const startedAt = Date.now();
      const intervalMs = plan.mentionsPerSecond > 0 ? 1000 / plan.mentionsPerSecond : 0;
      const mentions = await session.mention(roots, intervalMs, {
        retryShare: plan.retryShare,
        retryAfterGroups: Math.max(1, Math.round(plan.mentionsPerSecond)),
      });
      const sendMs =
        Math.max(...mentions.flatMap((result) => [result.message, ...result.retries].map((d) => d.sentAt))) -
        startedAt;
      await session.waitForAnswers(plan.mentions, plan.deadlineMs);
      // Then one short question alone, once the burst is answered.
      const short = await session.seed(1, {
        from: plan.mentions,
        answerCharacters: plan.shortAnswerCharacters,
      });
      const alone = await session.mention(short, 0);
      await session.waitForAnswers(plan.mentions + 1, 30_000);
      const { probes, fakes, fakesProbe } = await session.collect();
      const namedRequests = await session.bot.namedRequests();
      const rows: QuestionRow[] = questionRows(mentions, fakes);
      const [shortRow] = questionRows(alone, fakes);
      const completes = values(rows, (row) =>
        row.completeMs === undefined ? undefined : row.sentAt + row.completeMs,
      );
      const redeliveries = mentions.reduce((total, result) => total + result.retries.length, 0);
      const deliveries = rows.length * 2 + redeliveries;
      return {
        contender: contender.key,
        mentions: rows.length,
        deliveries,
        redeliveries,
        sendMs,
        sendRatePerSecond: sendMs > 0 ? (deliveries / sendMs) * 1000 : Number.NaN,
        ackMs: distribution(rows.flatMap((row) => row.ackMs)),
        slowestAckParts: slowestAckParts(mentions.flatMap(deliveriesOf), namedRequests),
        retried: rows.reduce((total, row) => total + row.retried, 0),
        failedDeliveries: rows.reduce((total, row) => total + row.failedDeliveries, 0),
        answered: rows.filter((row) => row.answered).length,
        allAnsweredMs: completes.length === rows.length ? Math.max(...completes) - startedAt : undefined,
        duplicates: rows.reduce((total, row) => total + row.duplicates, 0),
        firstTextMs: distribution(values(rows, (row) => row.firstTextMs)),
        slackCallsPerAnswer: distribution(rows.filter((row) => row.answered).map((row) => row.slackCalls)),
        streamingSeconds: distribution(values(rows, (row) => row.streamingSeconds)),
        withinCallBudget: rows.filter(
          (row) => row.streamingSeconds !== undefined && row.slackCalls <= 2 + row.streamingSeconds,
        ).length,
        callsByMethod: sumCalls(rows),
        shortAnswer: shortRow?.answered
          ? {
              slackCalls: shortRow.slackCalls,
              streamingSeconds: shortRow.streamingSeconds,
              callsByMethod: shortRow.callsByMethod,
            }
          : undefined,
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
