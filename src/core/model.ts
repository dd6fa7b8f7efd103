import type { Turn } from "./ask.js";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type StopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "refusal"
  | "model_context_window_exceeded"
  | "pause_turn"
  | "tool_use"
  | "other";

export interface ModelRequest {
  /** The persona: stable, so it is the cached prefix. */
  system: string;
  turns: Turn[];
}

export type ModelEvent =
  | { type: "text"; text: string }
  | { type: "done"; stopReason: StopReason; usage: Usage; model: string };

/**
 * The model port: one streaming call. It leaves out retries (the worker owns the one retry loop) and
 * platform formatting. Failures are thrown as RteError with `permanent` and `retryAfterMs` filled in.
 */
export interface Model {
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}
