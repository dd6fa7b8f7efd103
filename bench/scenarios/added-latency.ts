/**
 * Scenario 2, added latency: single questions at a low rate, so nothing queues. What the user waits for
 * beyond the model itself: mention → first visible text minus the model's time to first token, and
 * mention → complete answer minus the model's whole generation time.
 */
import type { Contender } from "../bots.js";
import { questionRows, sumCalls, values } from "../report/question-rows.js";
import { type Distribution, distribution } from "../report/stats.js";
import { type RunContext, withSession } from "./session.js";

export interface AddedLatencyResult {
  contender: Contender["key"];
  questions: number;
  intervalMs: number;
  answered: number;
  ackMs: Distribution;
  beforeModelMs: Distribution;
  firstTokenToTextMs: Distribution;
  addedFirstTextMs: Distribution;
  addedCompleteMs: Distribution;
  firstTextMs: Distribution;
  modelFirstTokenMs: Distribution;
  modelTotalMs: Distribution;
  /** One answer at a time, so no shared budget thins the updates: the per-answer call cost itself. */
  slackCallsPerAnswer: Distribution;
  streamingSeconds: Distribution;
  /** Answers whose Slack calls stayed within 2 + 1 per second of streaming. */
  withinCallBudget: number;
  callsByMethod: Record<string, number>;
}

export interface AddedLatencyPlan {
  questions: number;
  intervalMs: number;
  answerCharacters: number;
  deadlineMs: number;
}

export async function runAddedLatency(
  context: RunContext,
  contender: Contender,
  plan: AddedLatencyPlan,
): Promise<AddedLatencyResult> {
  return withSession(
    context,
    contender,
    { tag: "latency", answerCharacters: plan.answerCharacters },
    async (session) => {
      const roots = await session.seed(plan.questions);
      await session.warmUp(50);
      await session.resetProbes();
      const mentions = await session.mention(roots, plan.intervalMs);
      await session.waitForAnswers(plan.questions, plan.deadlineMs);
      const { fakes } = await session.collect();
      const rows = questionRows(mentions, fakes);
      return {
        contender: contender.key,
        questions: rows.length,
        intervalMs: plan.intervalMs,
        answered: rows.filter((row) => row.answered).length,
        ackMs: distribution(rows.flatMap((row) => row.ackMs)),
        beforeModelMs: distribution(values(rows, (row) => row.beforeModelMs)),
        firstTokenToTextMs: distribution(values(rows, (row) => row.firstTokenToTextMs)),
        addedFirstTextMs: distribution(values(rows, (row) => row.addedFirstTextMs)),
        addedCompleteMs: distribution(values(rows, (row) => row.addedCompleteMs)),
        firstTextMs: distribution(values(rows, (row) => row.firstTextMs)),
        modelFirstTokenMs: distribution(values(rows, (row) => row.modelFirstTokenMs)),
        modelTotalMs: distribution(values(rows, (row) => row.modelTotalMs)),
        slackCallsPerAnswer: distribution(rows.map((row) => row.slackCalls)),
        streamingSeconds: distribution(values(rows, (row) => row.streamingSeconds)),
        withinCallBudget: rows.filter(
          (row) => row.streamingSeconds !== undefined && row.slackCalls <= 2 + row.streamingSeconds,
        ).length,
        callsByMethod: sumCalls(rows),
      };
    },
  );
}
