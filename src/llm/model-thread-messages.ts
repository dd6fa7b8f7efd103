import { RteError } from "../core/errors.js";
import type { ModelEvent, ModelRequest } from "../core/model.js";
import type { ClaudeModelOptions } from "./claude-model.js";

/**
 * What crosses between the worker's main thread and the model thread (threaded-model.ts says why there is
 * one). Everything is plain data for `postMessage`'s structured clone: no SDK objects, no class instances.
 */

/** The Claude model's options as the thread builds it; a dispatcher cannot cross a thread. */
export type ModelThreadOptions = Omit<ClaudeModelOptions, "dispatcher">;

/** What the thread is started with (`workerData`): its model, and the niceness it lowers itself to. */
export interface ModelThreadData {
  model: ModelThreadOptions;
  niceness: number;
}

/** Main → thread: start one answer's stream, or cancel it (aborted, or its reader stopped early). */
export type ToModelThread =
  | { type: "start"; id: number; request: ModelRequest }
  | { type: "cancel"; id: number };

/** An RteError as it crosses the thread: its cause stays behind (it would not survive the clone). */
export interface WireError {
  code: RteError["code"];
  message: string;
  permanent: boolean;
  retryAfterMs: number | undefined;
}

/** One answer's part of a batch: what it streamed since the last batch, and whether it ended (how). */
export interface AnswerPart {
  id: number;
  events: ModelEvent[];
  end?: { error?: WireError };
}

/** Thread → main: the waiting events of the answers due now (model-thread-outbox.ts), in one message. */
export interface ModelThreadBatch {
  type: "batch";
  parts: AnswerPart[];
}

/** What the thread sends: batches of answers' events, and once, when its model is loaded, `ready`. */
export type FromModelThread = ModelThreadBatch | { type: "ready" };

export function toWireError(error: RteError): WireError {
  return {
    code: error.code,
    message: error.message,
    permanent: error.permanent,
    retryAfterMs: error.retryAfterMs,
  };
}

export function fromWireError(wire: WireError): RteError {
  return new RteError(wire.code, wire.message, {
    permanent: wire.permanent,
    ...(wire.retryAfterMs === undefined ? {} : { retryAfterMs: wire.retryAfterMs }),
  });
}
