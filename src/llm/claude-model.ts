import Anthropic from "@anthropic-ai/sdk";
import type { Turn } from "../core/ask.js";
import type { Model, ModelEvent, ModelRequest, StopReason } from "../core/model.js";
import { toRteError } from "./claude-errors.js";
import { toMessageContent } from "./message-content.js";

export interface ClaudeModelOptions {
  apiKey: string;
  /** Default https://api.anthropic.com; tests point it at the loopback fake. */
  baseUrl?: string | undefined;
  model: string;
  maxTokens: number;
  /** Per request, in milliseconds. Default 10 minutes (the SDK's). */
  timeoutMs?: number;
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
 */
export function createClaudeModel(options: ClaudeModelOptions): Model {
  const client = new Anthropic({
    apiKey: options.apiKey,
    maxRetries: 0,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return {
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
      try {
        const stream = client.messages.stream(
          {
            model: options.model,
            max_tokens: options.maxTokens,
            system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
            messages: request.turns.map(toMessageParam),
            cache_control: { type: "ephemeral" },
          },
          { signal },
        );
        for await (const event of stream) {
          if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
            yield { type: "text", text: event.delta.text };
          }
        }
        const message = await stream.finalMessage();
        yield {
          type: "done",
          stopReason: toStopReason(message.stop_reason),
          model: message.model,
          usage: {
            inputTokens: message.usage.input_tokens,
            outputTokens: message.usage.output_tokens,
            cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
            cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
          },
        };
      } catch (error) {
        throw toRteError(error);
      }
    },
  };
}

function toMessageParam(turn: Turn): Anthropic.MessageParam {
  return { role: turn.role, content: toMessageContent(turn) };
}

function toStopReason(reason: string | null): StopReason {
  return reason !== null && knownStopReasons.has(reason) ? (reason as StopReason) : "other";
}
