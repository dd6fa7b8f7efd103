/**
 * The Messages API's JSON shapes, built against the SDK's own types so the compiler checks the fake's wire
 * format against what `@anthropic-ai/sdk` 1.x parses. Pure functions: no sockets, no clocks.
 * Event framing: https://platform.claude.com/docs/en/build-with-claude/streaming
 */
import type {
  Message,
  MessageDeltaUsage,
  RawMessageStreamEvent,
  RefusalStopDetails,
  StopReason,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";
import type { ModelInfo } from "@anthropic-ai/sdk/resources/models";
import type { FakeUsage } from "../fake-anthropic.js";

/** The API's rough rule of thumb, also used by the fake for pacing: one token is about four characters. */
export const charactersPerToken = 4;

/** One server-sent event as the API frames it; the JSON repeats the event name in its `type`. */
export function serverSentEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function streamEvent(event: RawMessageStreamEvent): string {
  return serverSentEvent(event.type, event);
}

export function tokensIn(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}

/**
 * input_tokens for a messages or count_tokens request: characters of the prompt parts over four, so the two
 * endpoints agree for the same prompt.
 */
export function estimateInputTokens(body: { system?: unknown; messages?: unknown; tools?: unknown }): number {
  return Math.max(
    1,
    tokensIn(JSON.stringify([body.system ?? null, body.messages ?? null, body.tools ?? null])),
  );
}

/** The usage a scripted answer reports: estimates, overridden field by field by the script. */
export function resolveUsage(
  inputTokens: number,
  text: string,
  override: Partial<FakeUsage> = {},
): FakeUsage {
  return {
    input_tokens: inputTokens,
    output_tokens: Math.max(1, tokensIn(text)),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    ...override,
  };
}

export function messageUsage(usage: FakeUsage): Usage {
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cache_creation_input_tokens,
      ephemeral_1h_input_tokens: 0,
    },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: "standard",
    speed: null,
  };
}

/** message_delta carries cumulative totals; the SDK overwrites its snapshot with every non-null field. */
export function deltaUsage(usage: FakeUsage): MessageDeltaUsage {
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens_details: null,
    server_tool_use: null,
  };
}

export function stopDetails(stopReason: StopReason | null): RefusalStopDetails | null {
  return stopReason === "refusal" ? { type: "refusal", category: null, explanation: null } : null;
}

export interface MessageParts {
  id: string;
  model: string;
  text: string;
  stopReason: StopReason | null;
  usage: Usage;
}

/** The whole Message, as a non-streaming request receives it. */
export function messageJson(parts: MessageParts): Message {
  return {
    id: parts.id,
    type: "message",
    role: "assistant",
    model: parts.model,
    content: [{ type: "text", text: parts.text, citations: null }],
    stop_reason: parts.stopReason,
    stop_sequence: null,
    stop_details: stopDetails(parts.stopReason),
    container: null,
    diagnostics: null,
    usage: parts.usage,
  };
}

/** The Message inside message_start: no content yet and a null stop_reason. */
export function emptyMessageJson(parts: Omit<MessageParts, "text" | "stopReason">): Message {
  return { ...messageJson({ ...parts, text: "", stopReason: null }), content: [] };
}

const errorTypeByStatus: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

export function errorTypeFor(status: number): string {
  return errorTypeByStatus[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** The body of every API error, HTTP or in-stream: https://platform.claude.com/docs/en/api/errors */
export function errorBody(type: string, message: string, requestId: string) {
  return { type: "error", error: { type, message }, request_id: requestId };
}

function model(id: string, displayName: string, line: ModelInfo["line"], createdAt: string): ModelInfo {
  return {
    type: "model",
    id,
    display_name: displayName,
    created_at: createdAt,
    line,
    lifecycle: "active",
    capabilities: null,
    deprecated_at: null,
    retires_at: null,
    max_input_tokens: 1_000_000,
    max_tokens: 128_000,
  };
}

export const fakeModels: readonly ModelInfo[] = [
  model("claude-opus-5-5", "Claude Opus 5.5", "opus", "2026-09-15T00:00:00Z"),
  model("claude-sonnet-5-5", "Claude Sonnet 5.5", "sonnet", "2026-09-15T00:00:00Z"),
  model("claude-haiku-5-5", "Claude Haiku 5.5", "haiku", "2026-10-07T00:00:00Z"),
];

/** GET /v1/models answers one page in the shape of the SDK's `Page<ModelInfo>`. */
export function modelPage() {
  return {
    data: fakeModels,
    has_more: false,
    first_id: fakeModels[0]?.id ?? null,
    last_id: fakeModels.at(-1)?.id ?? null,
  };
}
