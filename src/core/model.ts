import type { Turn } from "./ask.js";
import type { ServerToolName, Source, ToolActivity } from "./server-tools.js";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Web searches Anthropic ran for the answer (`usage.server_tool_use`), billed per search. */
  webSearchRequests: number;
  /** Pages Anthropic fetched for the answer; billed as the tokens they add, nothing per fetch. */
  webFetchRequests: number;
  /** Code runs in Anthropic's sandbox, counted from the answer's content (the API reports no count). */
  codeExecutions: number;
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
  /** Narrows the model's configured server tools for this request (a persona's choice); absent: all. */
  tools?: readonly ServerToolName[];
}

export type ModelEvent =
  | { type: "text"; text: string }
  /** A server tool started on Anthropic's side (a search, a fetch, a code run); no text comes meanwhile. */
  | { type: "activity"; activity: ToolActivity }
  | { type: "done"; stopReason: StopReason; usage: Usage; model: string; sources: Source[] };

/**
 * The model port: one streaming call, which may span several API requests when a server tool pauses the
 * turn. It leaves out retries (the worker owns the one retry loop) and platform formatting. Failures are
 * thrown as RteError with `permanent` and `retryAfterMs` filled in.
 */
export interface Model {
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}

export function emptyUsage(): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    webSearchRequests: 0,
    webFetchRequests: 0,
    codeExecutions: 0,
  };
}
