/** The mechanics of answering one HTTP request: JSON bodies, API errors, writes that wait for the socket. */
import type { ServerResponse } from "node:http";
import type { FakeBehaviour } from "../fake-anthropic.js";
import type { Pace } from "./pace.js";
import { errorBody, errorTypeFor } from "./wire.js";

/** Everything an answer to one POST /v1/messages needs to know besides its behaviour. */
export interface AnswerContext {
  response: ServerResponse;
  requestId: string;
  messageId: string;
  /** Echoed from the request, as the API does. */
  model: string;
  inputTokens: number;
  chunkCharacters: number;
  /** Read at every pause, so `setPace()` also changes answers already streaming. */
  pace: () => Pace;
  /** Aborted when the client disconnects or the fake closes; every wait and write honours it. */
  signal: AbortSignal;
  /** Records when the first token was produced and when the answer was fully written. */
  mark: (moment: "first-token" | "finished") => void;
}

export type ErrorBehaviour = Extract<FakeBehaviour, { kind: "error" }>;

const defaultMessages: Record<string, string> = {
  authentication_error: "invalid x-api-key",
  not_found_error: "Not found",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
  api_error: "Internal server error",
  overloaded_error: "Overloaded",
};

export function defaultErrorMessage(type: string): string {
  return defaultMessages[type] ?? `The fake Anthropic API answered with ${type}`;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  requestId: string,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(payload)),
    "request-id": requestId,
    ...extraHeaders,
  });
  response.end(payload);
}

/** An HTTP error with the API's error body; `retry-after` (seconds) only when the behaviour names one. */
export function sendError(response: ServerResponse, requestId: string, behaviour: ErrorBehaviour): void {
  const type = behaviour.type ?? errorTypeFor(behaviour.status);
  const message = behaviour.message ?? defaultErrorMessage(type);
  const headers: Record<string, string> = {};
  if (behaviour.retryAfterSeconds !== undefined) headers["retry-after"] = String(behaviour.retryAfterSeconds);
  sendJson(response, behaviour.status, requestId, errorBody(type, message, requestId), headers);
}

/**
 * Writes and waits until Node has handed the bytes to the socket, so a later `destroy()` cannot drop text
 * the test expects the client to have seen.
 */
export function writeFlushed(response: ServerResponse, chunk: string, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    response.write(chunk, () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** The first `count` characters, counted in code points so an emoji is never split in half. */
export function firstCharacters(text: string, count: number): string {
  return Array.from(text).slice(0, Math.max(0, count)).join("");
}

export function splitIntoChunks(text: string, charactersPerChunk: number): string[] {
  const characters = Array.from(text);
  const size = Math.max(1, charactersPerChunk);
  const chunks: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    chunks.push(characters.slice(start, start + size).join(""));
  }
  return chunks;
}
