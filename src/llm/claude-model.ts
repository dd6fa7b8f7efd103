import Anthropic from "@anthropic-ai/sdk";
import type { Dispatcher } from "undici";
import type { Turn } from "../core/ask.js";
import { RteError } from "../core/errors.js";
import {
  emptyUsage,
  type Model,
  type ModelEvent,
  type ModelRequest,
  type StopReason,
  type Usage,
} from "../core/model.js";
import type { Source } from "../core/server-tools.js";
import { toRteError } from "./claude-errors.js";
import { toMessageContent } from "./message-content.js";
import { createMessageEventDecoder } from "./message-events.js";
import { createResponseReader } from "./response-reader.js";
import { type ServerToolSetting, toToolParams } from "./server-tool-params.js";
import { createStreamTransport } from "./stream-transport.js";

export interface ClaudeModelOptions {
  apiKey: string;
  /** Default https://api.anthropic.com; tests point it at the loopback fake. */
  baseUrl?: string | undefined;
  model: string;
  maxTokens: number;
  /** Per request, in milliseconds. Default 10 minutes (the SDK's). */
  timeoutMs?: number;
  /** Server tools Claude may use while answering (web search, web fetch, code execution). Default none. */
  tools?: readonly ServerToolSetting[];
  /**
   * How many times one answer continues a turn the API paused (`pause_turn`, which it sends when its own
   * loop of server tool calls runs long). Default 3: with the tools' `max_uses` caps that is plenty.
   */
  maxContinuations?: number;
  /** Where requests go (an undici dispatcher); default a keep-alive pool of its own. The micro benchmark serves from memory. */
  dispatcher?: Dispatcher;
}

const knownStopReasons = new Set<string>([
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "refusal",
  "model_context_window_exceeded",
  "pause_turn",
  "tool_use",
]);

/**
 * Claude behind the model port. The SDK's own retries are off (`maxRetries: 0`): the queue's attempts are
 * the one retry loop, because a stream that fails after it started cannot be retried by the SDK anyway.
 * The persona is marked for caching, and the request's top-level `cache_control` lets the cached prefix
 * grow with the thread, so follow-ups read most of their input from the cache.
 *
 * With server tools, one answer may take several requests: a `pause_turn` response is continued by sending
 * its content back as the last, assistant message (anthropic-sdk-python#1339: it must stay last), and the
 * next response carries on the same turn. Text of every part streams as it comes; usage is summed, since
 * each request is billed on its own.
 *
 * The request is the SDK's, sent through undici's dispatcher (stream-transport.ts says why); its streamed
 * body is read here, everything that arrived at a time, rather than through the SDK's `Stream`
 * (message-events.ts says why).
 */
export function createClaudeModel(options: ClaudeModelOptions): Model {
  const transport = createStreamTransport(options.dispatcher);
  const client = new Anthropic({
    apiKey: options.apiKey,
    maxRetries: 0,
    fetch: transport.fetch,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  const configured = options.tools ?? [];
  /** The configured tools, narrowed to those the request names when it names any. */
  const toolsFor = (request: ModelRequest) => {
    const chosen = request.tools;
    const settings = chosen ? configured.filter((setting) => chosen.includes(setting.name)) : configured;
    return settings.length > 0 ? toToolParams(settings) : undefined;
  };
  const maxContinuations = options.maxContinuations ?? 3;
  return {
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
      try {
        const messages = request.turns.map(toMessageParam);
        const tools = toolsFor(request);
        const paused: Anthropic.ContentBlockParam[] = [];
        const usage = emptyUsage();
        const sources: Source[] = [];
        for (let continuation = 0; ; continuation++) {
          const response = await client.messages
            .create(
              {
                model: options.model,
                max_tokens: options.maxTokens,
                system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
                messages:
                  paused.length === 0 ? messages : [...messages, { role: "assistant", content: paused }],
                cache_control: { type: "ephemeral" },
                ...(tools ? { tools } : {}),
                stream: true,
              },
              { signal },
            )
            .asResponse();
          const reader = createResponseReader();
          const decoder = createMessageEventDecoder(response.headers);
          const body = transport.open(response);
          if (body === undefined)
            throw new RteError("model_stream_broken", "Claude's answer came without a body.");
          let finished = false;
          try {
            while (!finished) {
              const chunks = await body.read();
              finished = chunks === null;
              // The text of one read goes out as one event: one step of the answer's loop, not one a delta.
              let text = "";
              const decoded = chunks === null ? decoder.end() : decoder.decode(chunks);
              for (const event of decoded.events) {
                const shown = reader.observe(event);
                if (shown?.type === "text") {
                  text += shown.text;
                } else if (shown) {
                  if (text !== "") yield { type: "text", text };
                  text = "";
                  yield shown;
                }
              }
              if (text !== "") yield { type: "text", text };
              if (decoded.failure) throw decoded.failure;
            }
          } finally {
            // Left early (an error, or the answer stopped reading): free the connection now.
            if (!finished) body.cancel();
          }
          const ending = reader.done();
          addUsage(usage, ending.usage);
          sources.push(...ending.sources);
          if (ending.stopReason === "pause_turn" && continuation < maxContinuations) {
            paused.push(...ending.content);
            continue;
          }
          yield {
            type: "done",
            stopReason: toStopReason(ending.stopReason),
            model: ending.model,
            usage,
            sources,
          };
          return;
        }
      } catch (error) {
        throw toRteError(error);
      }
    },
  };
}

function addUsage(total: Usage, part: Usage): void {
  for (const key of Object.keys(total) as Array<keyof Usage>) total[key] += part[key];
}

function toMessageParam(turn: Turn): Anthropic.MessageParam {
  return { role: turn.role, content: toMessageContent(turn) };
}

function toStopReason(reason: string | null): StopReason {
  return reason !== null && knownStopReasons.has(reason) ? (reason as StopReason) : "other";
}
