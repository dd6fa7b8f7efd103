import type { Counter, Histogram } from "prom-client";
import type { Ask } from "../core/ask.js";
import { RteError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { AnswerOutcome } from "../core/outcome.js";
import type { SubmitResult } from "../ingress/submit.js";
import { estimateCost, type PriceTable, priceFor } from "../usage/prices.js";

export interface AnswerInstruments {
  questions: Counter<"platform" | "trigger" | "status">;
  refusals: Counter<"platform" | "cause">;
  answers: Counter<"platform" | "outcome">;
  retries: Counter<"platform" | "code">;
  queueWait: Histogram<"platform">;
  firstText: Histogram<"platform">;
  duration: Histogram<"platform" | "outcome">;
  tokens: Counter<"platform" | "model" | "kind">;
  serverTools: Counter<"platform" | "model" | "tool">;
  cost: Counter<"platform" | "model">;
}

/**
 * Turns what ingress and the worker report into counts. Both callbacks run inside the answer path, so they
 * only touch memory and never throw.
 */
export function createAnswerObserver(options: {
  instruments: AnswerInstruments;
  prices: PriceTable;
  logger: Logger;
}) {
  const { instruments } = options;
  const unpricedModels = new Set<string>();

  const observeSubmission = (ask: Ask, result: SubmitResult): void => {
    const platform = ask.conversation.platform;
    instruments.questions.inc({ platform, trigger: ask.trigger, status: result.status });
    if (result.status === "refused") {
      instruments.refusals.inc({ platform, cause: result.cause ?? "unknown" });
    }
  };

  const observeOutcome = (outcome: AnswerOutcome): void => {
    const platform = outcome.ask.conversation.platform;
    // Counted once per question: the first attempt's wait is the queue's; later ones include retry backoff.
    if (outcome.attempt === 1) instruments.queueWait.observe({ platform }, outcome.queueWaitMs / 1_000);
    if (outcome.outcome === "retrying") {
      instruments.retries.inc({ platform, code: errorCode(outcome.error) });
      return;
    }
    instruments.answers.inc({ platform, outcome: outcome.outcome });
    instruments.duration.observe({ platform, outcome: outcome.outcome }, outcome.durationMs / 1_000);
    if (outcome.firstTextMs !== undefined) {
      instruments.firstText.observe({ platform }, outcome.firstTextMs / 1_000);
    }
    if (outcome.result) countUsage(platform, outcome.result.model, outcome.result.usage);
  };

  const countUsage = (
    platform: string,
    model: string,
    usage: NonNullable<AnswerOutcome["result"]>["usage"],
  ): void => {
    instruments.tokens.inc({ platform, model, kind: "input" }, usage.inputTokens);
    instruments.tokens.inc({ platform, model, kind: "output" }, usage.outputTokens);
    instruments.tokens.inc({ platform, model, kind: "cache_read" }, usage.cacheReadTokens);
    instruments.tokens.inc({ platform, model, kind: "cache_write" }, usage.cacheWriteTokens);
    instruments.serverTools.inc({ platform, model, tool: "web_search" }, usage.webSearchRequests);
    instruments.serverTools.inc({ platform, model, tool: "web_fetch" }, usage.webFetchRequests);
    instruments.serverTools.inc({ platform, model, tool: "code_execution" }, usage.codeExecutions);
    const price = priceFor(options.prices, model);
    if (price) {
      instruments.cost.inc({ platform, model }, estimateCost(usage, price));
    } else if (!unpricedModels.has(model)) {
      unpricedModels.add(model);
      options.logger.warn({ model }, "no price for this model: its cost is not estimated; set RTE_PRICES");
    }
  };

  return { observeSubmission, observeOutcome };
}

/** A stable, low-cardinality label: our error codes (`model_http_529`, …), never free-form messages. */
function errorCode(error: unknown): string {
  return error instanceof RteError ? error.code : "unknown";
}
