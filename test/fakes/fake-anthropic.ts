/**
 * A loopback fake of the Anthropic Messages API: tests point the real `@anthropic-ai/sdk` at `fake.url`.
 * It speaks the real wire format (SSE event sequence, Message JSON, error bodies, `request-id` headers),
 * records every request as data, and plays scripted behaviours: answers, HTTP errors, connections cut
 * mid-stream, in-stream errors and hangs.
 *
 * Server tools (web search, web fetch, code execution) are scripted with the `tools` behaviour, citations
 * and pause_turn included: a continued turn must send the paused content back as its last message, as the
 * API demands. Deliberately left out: client tools, thinking, images, batches and beta endpoints; a test
 * that needs more should add a behaviour here rather than mock the SDK.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { findMessageRequestProblem, isAuthorized } from "./anthropic/check-request.js";
import { answerAsJson } from "./anthropic/json-answer.js";
import type { Pace } from "./anthropic/pace.js";
import { readRequest } from "./anthropic/read-request.js";
import { type AnswerContext, sendError, sendJson } from "./anthropic/respond.js";
import { streamAnswer } from "./anthropic/stream-answer.js";
import { streamToolAnswer } from "./anthropic/stream-tools.js";
import {
  buildToolResponse,
  type FakeToolStep,
  type PendingResults,
  pausesTurn,
  resultsOwed,
} from "./anthropic/tool-steps.js";
import { estimateInputTokens, fakeModels, modelPage } from "./anthropic/wire.js";

export interface FakeAnthropicOptions {
  /** The one accepted key, as `Authorization: Bearer` or `x-api-key`; anything else is a 401. Default "test-key". */
  apiKey?: string;
  /** Text of the answer given when no behaviour is scripted. Default `defaultAnswerText`. */
  defaultText?: string;
  /** Milliseconds before the first content_block_delta. Default 0. */
  timeToFirstTokenMs?: number;
  /** Streaming pace in tokens (about 4 characters) per second. Default 0: as fast as possible. */
  tokensPerSecond?: number;
  /** Characters per text_delta event. Default 16. */
  chunkCharacters?: number;
}

export type FakeBehaviour =
  | {
      kind: "answer";
      text: string;
      stopReason?: "end_turn" | "max_tokens" | "refusal" | "model_context_window_exceeded";
      usage?: Partial<FakeUsage>;
    }
  /** An HTTP error before any streaming: the API's error JSON body and a request-id header. */
  | { kind: "error"; status: number; type?: string; message?: string; retryAfterSeconds?: number }
  /** Streams the first `afterCharacters` characters, then destroys the socket (no message_stop). */
  | { kind: "cut"; text: string; afterCharacters: number }
  /** Streams the first `afterCharacters` characters, then an SSE `event: error` (default overloaded_error). */
  | { kind: "stream-error"; text: string; afterCharacters: number; type?: string }
  /** Accepts the request and never answers until the client gives up or the fake closes. */
  | { kind: "hang" }
  /**
   * An answer that uses server tools, streamed block by block in the API's wire format (stream-tools.ts).
   * Stops with pause_turn when a step is a paused search, else `stopReason` (default end_turn); `cutMidTool`
   * drops the connection inside the first server_tool_use block.
   */
  | {
      kind: "tools";
      steps: FakeToolStep[];
      stopReason?: "end_turn" | "max_tokens";
      usage?: Partial<FakeUsage>;
      cutMidTool?: boolean;
    };

export type { FakeSearchHit, FakeToolStep } from "./anthropic/tool-steps.js";

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface RecordedRequest {
  method: string;
  /** The path without its query string, e.g. "/v1/messages". */
  path: string;
  /** Lower-case names, as Node receives them; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON of any shape, which tests index into freely.
  body: any;
  /** Date.now() when the body had been read. */
  receivedAt: number;
  /**
   * Date.now() when the fake "model" produced its first token, i.e. after the time to first token (answers
   * only). With `finishedAt`, it lets a benchmark subtract the model's own time from what a client saw.
   */
  firstTokenAt?: number;
  /** Date.now() when the last byte of an answer was handed to the socket (answers only). */
  finishedAt?: number;
  /** Set once the client closed the connection before the response was complete (an aborted stream). */
  abandoned?: true;
}

export interface FakeAnthropic {
  /** e.g. http://127.0.0.1:PORT, for `baseURL` or ANTHROPIC_BASE_URL. */
  url: string;
  /** Every request, in order, including the rejected ones. */
  requests: RecordedRequest[];
  /** Only POST /v1/messages. */
  messageRequests(): RecordedRequest[];
  /** Consumed first in, first out by successive valid POST /v1/messages; when empty, the default answer. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** Consulted before the queue; returning undefined falls through to the queue. */
  respondWith(handler: (request: RecordedRequest) => FakeBehaviour | undefined): void;
  /** Also applies to answers already streaming. */
  setPace(options: { timeToFirstTokenMs?: number; tokensPerSecond?: number }): void;
  /** Closes the server and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}

export const defaultAnswerText = [
  "Debounce the handler so a burst of events runs it once:",
  "",
  "```ts",
  "export function debounce(run: () => void, waitMs: number): () => void {",
  "  let timer: NodeJS.Timeout | undefined;",
  "  return () => {",
  "    clearTimeout(timer);",
  "    timer = setTimeout(run, waitMs);",
  "  };",
  "}",
  "```",
  "",
  "Pick `waitMs` a little above the gap between events in one burst.",
].join("\n");

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? "test-key";
  const defaultText = options.defaultText ?? defaultAnswerText;
  const chunkCharacters = options.chunkCharacters ?? 16;
  const pace: Pace = {
    timeToFirstTokenMs: options.timeToFirstTokenMs ?? 0,
    tokensPerSecond: options.tokensPerSecond ?? 0,
  };
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  let handler: ((request: RecordedRequest) => FakeBehaviour | undefined) | undefined;
  const pendingResults: PendingResults = new Map();
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let requestCount = 0;

  function nextBehaviour(request: RecordedRequest): FakeBehaviour {
    return handler?.(request) ?? queue.shift() ?? { kind: "answer", text: defaultText };
  }

  async function answerMessage(
    request: RecordedRequest,
    response: ServerResponse,
    serial: string,
    signal: AbortSignal,
  ): Promise<void> {
    const requestId = `req_fake${serial}`;
    const problem = findMessageRequestProblem(request);
    if (problem !== undefined) {
      sendError(response, requestId, { kind: "error", status: 400, message: problem });
      return;
    }
    const owed = resultsOwed(request.body.messages, pendingResults);
    if ("problem" in owed) {
      sendError(response, requestId, { kind: "error", status: 400, message: owed.problem });
      return;
    }
    const behaviour = nextBehaviour(request);
    if (behaviour.kind === "hang") return; // left open until the client gives up or close() runs
    if (behaviour.kind === "error") {
      sendError(response, requestId, behaviour);
      return;
    }
    const context: AnswerContext = {
      response,
      requestId,
      messageId: `msg_fake${serial}`,
      model: request.body.model,
      inputTokens: estimateInputTokens(request.body),
      chunkCharacters,
      pace: () => pace,
      signal,
      mark: (moment) => {
        request[moment === "first-token" ? "firstTokenAt" : "finishedAt"] = Date.now();
      },
    };
    if (behaviour.kind === "tools") {
      const built = buildToolResponse(behaviour.steps, `fake${serial}`, pendingResults, owed.owed);
      const stopReason = pausesTurn(behaviour.steps) ? "pause_turn" : (behaviour.stopReason ?? "end_turn");
      if (request.body.stream !== true) {
        sendError(response, requestId, {
          kind: "error",
          status: 500,
          message: "the fake streams tool answers only",
        });
        return;
      }
      await streamToolAnswer(context, behaviour, built, stopReason);
      return;
    }
    await (request.body.stream === true
      ? streamAnswer(context, behaviour)
      : answerAsJson(context, behaviour));
  }

  async function handle(
    incoming: IncomingMessage,
    response: ServerResponse,
    signal: AbortSignal,
  ): Promise<void> {
    const request = await readRequest(incoming);
    requests.push(request);
    response.once("close", () => {
      if (!response.writableFinished) request.abandoned = true;
    });
    requestCount += 1;
    const serial = String(requestCount).padStart(6, "0");
    const requestId = `req_fake${serial}`;
    const route = `${request.method} ${request.path}`;
    if (!isAuthorized(request.headers, apiKey)) {
      sendError(response, requestId, { kind: "error", status: 401, message: "invalid x-api-key" });
    } else if (route === "POST /v1/messages") {
      await answerMessage(request, response, serial, signal);
    } else if (route === "POST /v1/messages/count_tokens") {
      sendJson(response, 200, requestId, { input_tokens: estimateInputTokens(request.body ?? {}) });
    } else if (route === "GET /v1/models") {
      sendJson(response, 200, requestId, modelPage());
    } else {
      const model = fakeModels.find((candidate) => route === `GET /v1/models/${candidate.id}`);
      if (model !== undefined) sendJson(response, 200, requestId, model);
      else sendError(response, requestId, { kind: "error", status: 404, message: `No route for ${route}` });
    }
  }

  const server = createServer((incoming, response) => {
    const disconnected = new AbortController();
    response.once("close", () => disconnected.abort());
    const signal = AbortSignal.any([closing.signal, disconnected.signal]);
    handle(incoming, response, signal).catch((error: unknown) => {
      if (signal.aborted) return; // the client left or the fake closed: nobody is waiting for an answer
      if (response.headersSent) response.destroy();
      else sendError(response, "req_fake_failure", { kind: "error", status: 500, message: String(error) });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageRequests: () =>
      requests.filter((request) => request.method === "POST" && request.path === "/v1/messages"),
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    respondWith: (next) => {
      handler = next;
    },
    setPace: (next) => {
      if (next.timeToFirstTokenMs !== undefined) pace.timeToFirstTokenMs = next.timeToFirstTokenMs;
      if (next.tokensPerSecond !== undefined) pace.tokensPerSecond = next.tokensPerSecond;
    },
    close: async () => {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
