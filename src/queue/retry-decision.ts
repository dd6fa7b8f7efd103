import { errorMessage, isPermanent, RteError } from "../core/errors.js";

export type RetryDecision = { retry: true; statusText: string } | { retry: false; notice: string };

/**
 * The one place that decides whether a failed answer is tried again. Permanent errors stop at once; others
 * are retried until the attempts run out. Either way the user sees something: a status while we retry,
 * one short notice when we stop.
 */
export function decideRetry(error: unknown, attemptNumber: number, maxAttempts: number): RetryDecision {
  if (!isPermanent(error) && attemptNumber < maxAttempts) {
    return {
      retry: true,
      statusText: `Claude is busy or the answer broke off; trying again (attempt ${attemptNumber + 1} of ${maxAttempts})…`,
    };
  }
  return { retry: false, notice: noticeFor(error, attemptNumber) };
}

function noticeFor(error: unknown, attempts: number): string {
  const code = error instanceof RteError ? error.code : "unexpected";
  if (code === "model_http_401" || code === "model_http_403") {
    return "I can't reach Claude: the bot's API key was refused. An admin should check ANTHROPIC_API_KEY (run `rte doctor`).";
  }
  if (code === "model_http_404") {
    return "I can't reach Claude: the configured model was not found. An admin should check RTE_MODEL (run `rte doctor`).";
  }
  if (code === "model_http_400" || code === "model_http_413") {
    return "Claude could not take this question as asked (it may be too long or carry an unreadable file). Try a shorter question or a new thread.";
  }
  if (code === "empty_conversation")
    return "I couldn't find a question to answer here. Mention me with your question.";
  if (isPermanent(error)) return `I couldn't answer this one (${errorMessage(error)}).`;
  return `I couldn't get an answer from Claude after ${attempts} tries — it is overloaded or unreachable. Please ask again in a few minutes.`;
}
