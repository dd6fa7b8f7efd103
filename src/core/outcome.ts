import type { AnswerResult } from "./answer.js";
import type { Ask } from "./ask.js";

/** How one attempt at answering a question ended, as the worker reports it to metrics, usage and logs. */
export interface AnswerOutcome {
  ask: Ask;
  jobId: string;
  /** "abandoned": this attempt lost its job's lock and stopped writing; another attempt finishes the answer. */
  outcome: "answered" | "failed" | "retrying" | "stopped" | "abandoned";
  /** 1 for the first try; retries count up (a job taken over from a dead worker keeps its number). */
  attempt: number;
  result?: AnswerResult;
  error?: unknown;
  queueWaitMs: number;
  firstTextMs?: number;
  durationMs: number;
}
