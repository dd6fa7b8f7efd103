import Anthropic from "@anthropic-ai/sdk";
import { RteError } from "../core/errors.js";

/** A request the caller cancelled (its signal aborted): permanent, since nobody waits for it any more. */
export function answerCancelled(cause?: unknown): RteError {
  return new RteError("model_aborted", "The answer was cancelled.", {
    permanent: true,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Maps the SDK's errors onto RteError so the worker can decide retry-or-stop without importing the SDK.
 * Retryable: 408/409/429/5xx/529, connection failures, timeouts, and streams that broke off or sent an
 * `overloaded_error` mid-answer. Everything else 4xx cannot succeed by trying again.
 */
export function toRteError(error: unknown): RteError {
  if (error instanceof RteError) return error;
  if (error instanceof Anthropic.APIUserAbortError) return answerCancelled(error);
  if (error instanceof Anthropic.APIConnectionError) {
    return new RteError("model_unreachable", `Claude could not be reached: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    const type = errorType(error);
    const retryAfterMs = retryAfter(error.headers);
    if (status === undefined) {
      // An `event: error` inside the stream (e.g. overloaded_error) has no HTTP status.
      const permanent = type === "invalid_request_error" || type === "authentication_error";
      return new RteError(`model_${type ?? "stream_error"}`, `Claude's stream failed: ${error.message}`, {
        permanent,
        cause: error,
      });
    }
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new RteError(`model_http_${status}`, describeStatus(status, error.message), {
      permanent: !retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RteError("model_stream_broken", `Claude's answer broke off: ${message}`, { cause: error });
}

function describeStatus(status: number, message: string): string {
  if (status === 401) return `Claude rejected the API key (401). Check ANTHROPIC_API_KEY. ${message}`;
  if (status === 403) return `Claude refused this key access (403). ${message}`;
  if (status === 404) return `Claude does not know this model or endpoint (404). Check RTE_MODEL. ${message}`;
  if (status === 429) return `Claude is rate limiting us (429). ${message}`;
  if (status === 529) return `Claude is overloaded (529). ${message}`;
  return `Claude answered ${status}. ${message}`;
}

function errorType(error: InstanceType<typeof Anthropic.APIError>): string | undefined {
  const body = error.error as { error?: { type?: unknown }; type?: unknown } | undefined;
  const type = body?.error?.type ?? body?.type;
  return typeof type === "string" ? type : undefined;
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const milliseconds = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return milliseconds;
  const seconds = Number(headers?.get("retry-after"));
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  return undefined;
}
