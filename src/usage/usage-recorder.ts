import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { AnswerOutcome } from "../core/outcome.js";
import { type UsageRollup, utcDay } from "./usage-rollup.js";

export interface UsageRecorder {
  /** Adds an answered question's usage to today's roll-up; other outcomes carry no final usage. */
  record(outcome: AnswerOutcome): void;
  /** Resolves when every write started so far has landed (tests and shutdown wait on it). */
  idle(): Promise<void>;
}

/**
 * Feeds the roll-up from the worker's outcomes without ever holding up or failing an answer: the answer is
 * already posted when its usage arrives, so a failed write is logged and dropped, never retried as a job.
 */
export function createUsageRecorder(options: {
  rollup: UsageRollup;
  logger: Logger;
  now?: () => number;
}): UsageRecorder {
  const now = options.now ?? Date.now;
  const pending = new Set<Promise<void>>();
  return {
    record(outcome) {
      if (outcome.outcome !== "answered" || !outcome.result) return;
      const { ask, result } = outcome;
      const write = options.rollup
        .record({
          day: utcDay(now()),
          platform: ask.conversation.platform,
          workspace: ask.conversation.workspace,
          channel: ask.conversation.channel,
          user: ask.author.id,
          model: result.model,
          usage: result.usage,
        })
        .catch((error: unknown) => {
          options.logger.warn(
            { jobId: outcome.jobId, error: errorMessage(error) },
            "could not record token usage; `rte usage` will under-count this answer",
          );
        })
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async idle() {
      await Promise.all([...pending]);
    },
  };
}
