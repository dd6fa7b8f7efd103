/**
 * What the real API refuses before generating anything, limited to the checks that catch our own mistakes:
 * a wrong key (401); missing required fields, a missing version header, and the sampling parameters that
 * API version 2026-10-21 removed (400 invalid_request_error, even at their default values).
 * https://platform.claude.com/docs/en/api/versioning
 */
import type { RecordedRequest } from "../fake-anthropic.js";

const removedParameters = ["temperature", "top_p", "top_k"] as const;

/** Describes why the API would reject this POST /v1/messages, or undefined when it would accept it. */
export function findMessageRequestProblem(request: RecordedRequest): string | undefined {
  if (request.headers["anthropic-version"] === undefined) return "anthropic-version: header is required";
  const body: unknown = request.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "The request body is not valid JSON.";
  }
  const fields = body as Record<string, unknown>;
  for (const name of removedParameters) {
    if (name in fields) return `${name}: Extra inputs are not permitted (removed in API version 2026-10-21)`;
  }
  if (typeof fields.model !== "string") return "model: Field required";
  if (typeof fields.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(fields.messages) || fields.messages.length === 0) {
    return "messages: at least one message is required";
  }
  return undefined;
}

/** SDK 1.x sends `Authorization: Bearer <key>`; older clients and curl examples send `x-api-key`. */
export function isAuthorized(headers: Record<string, string>, apiKey: string): boolean {
  return headers.authorization === `Bearer ${apiKey}` || headers["x-api-key"] === apiKey;
}
