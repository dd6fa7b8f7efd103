/**
 * One row per question, joining what the load client saw (send time, ack) with what the fakes saw (the
 * model's own timing, the Slack calls). Every "added" figure is the bot's overhead: what the user waited
 * minus what the model itself took.
 */
import type { FakesReport, ModelAnswer } from "../fakes/fakes-protocol.js";
import { deliveriesOf, type MentionResult } from "../scenarios/session.js";

export interface QuestionRow {
  questionId: string;
  sentAt: number;
  /** Acks of the app_mention and the message delivery, and of Slack's redeliveries of them. */
  ackMs: number[];
  /** Deliveries Slack would have retried (no 2xx within 3 s). */
  retried: number;
  failedDeliveries: number;
  modelRequests: number;
  /** The model's time to first token and its whole generation, as the fake measured them. */
  modelFirstTokenMs?: number;
  modelTotalMs?: number;
  /** Seconds the model spent streaming text (after its first token). */
  streamingSeconds?: number;
  /** From the mention to the model receiving the question. */
  beforeModelMs?: number;
  /** From the model's first token to the first visible text on Slack. */
  firstTokenToTextMs?: number;
  /** From the mention to the first visible text, minus the model's time to first token. */
  addedFirstTextMs?: number;
  /** From the mention to the complete answer on Slack, minus the model's whole generation time. */
  addedCompleteMs?: number;
  firstTextMs?: number;
  completeMs?: number;
  answered: boolean;
  /** Messages showing this answer beyond the first: each is a duplicate answer. */
  duplicates: number;
  slackCalls: number;
  callsByMethod: Record<string, number>;
}

export function questionRows(mentions: MentionResult[], report: FakesReport): QuestionRow[] {
  const threads = new Map(report.threads.map((thread) => [thread.questionId, thread]));
  const models = new Map<string, ModelAnswer[]>();
  for (const answer of report.modelAnswers) {
    models.set(answer.questionId, [...(models.get(answer.questionId) ?? []), answer]);
  }
  return mentions.map((result) => {
    const { root, mention } = result;
    const thread = threads.get(root.questionId);
    const attempts = models.get(root.questionId) ?? [];
    // The attempt that produced the visible answer is the last one that finished; others were retried.
    const model = attempts.findLast((attempt) => attempt.finishedAt !== undefined) ?? attempts.at(-1);
    const sentAt = mention.sentAt;
    const deliveries = deliveriesOf(result);
    const row: QuestionRow = {
      questionId: root.questionId,
      sentAt,
      ackMs: deliveries.flatMap((delivery) => (delivery.ackMs === undefined ? [] : [delivery.ackMs])),
      retried: deliveries.filter((delivery) => delivery.retried).length,
      failedDeliveries: deliveries.filter(
        (delivery) => delivery.status === undefined || delivery.status >= 300,
      ).length,
      modelRequests: attempts.length,
      answered: thread?.completeAt !== undefined,
      duplicates: Math.max(0, (thread?.answerMessages ?? 0) - 1),
      slackCalls: Object.values(thread?.calls ?? {}).reduce((total, count) => total + count, 0),
      callsByMethod: thread?.calls ?? {},
    };
    if (model?.firstTokenAt !== undefined && model.finishedAt !== undefined) {
      row.modelFirstTokenMs = model.firstTokenAt - model.receivedAt;
      row.modelTotalMs = model.finishedAt - model.receivedAt;
      row.streamingSeconds = (model.finishedAt - model.firstTokenAt) / 1000;
      row.beforeModelMs = model.receivedAt - sentAt;
    }
    if (thread?.firstVisibleAt !== undefined) {
      row.firstTextMs = thread.firstVisibleAt - sentAt;
      if (model?.firstTokenAt !== undefined)
        row.firstTokenToTextMs = thread.firstVisibleAt - model.firstTokenAt;
      if (row.modelFirstTokenMs !== undefined) row.addedFirstTextMs = row.firstTextMs - row.modelFirstTokenMs;
    }
    if (thread?.completeAt !== undefined) {
      row.completeMs = thread.completeAt - sentAt;
      if (row.modelTotalMs !== undefined) row.addedCompleteMs = row.completeMs - row.modelTotalMs;
    }
    return row;
  });
}

/** The values of one field over the rows that have it. */
export function values(rows: QuestionRow[], pick: (row: QuestionRow) => number | undefined): number[] {
  return rows.flatMap((row) => {
    const value = pick(row);
    return value === undefined ? [] : [value];
  });
}

/** Slack calls of all the rows, by method. */
export function sumCalls(rows: QuestionRow[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const row of rows) {
    for (const [method, count] of Object.entries(row.callsByMethod))
      total[method] = (total[method] ?? 0) + count;
  }
  return total;
}
