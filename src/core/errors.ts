/**
 * Every code rte raises. Retry decisions, notices and metrics branch on these, so a misspelt code is a type
 * error rather than a silently different answer. The platform-reported families carry the platform's own
 * word (`slack_<error>`, `model_<stream error type>`), which no list here could name in advance.
 */
export type ErrorCode =
  | "config_invalid"
  | "usage"
  | "empty_conversation"
  | "ownership_lost"
  /** The private redis-server (data folder, not installed, start or supervisor failures). */
  | `redis_${string}`
  | ModelErrorCode
  | `slack_${string}`
  | "discord_rate_limited"
  | "discord_unreachable"
  | `discord_http_${number}`;

export type ModelErrorCode =
  | "model_aborted"
  | "model_unreachable"
  | "model_stream_broken"
  | "model_stream_ended"
  | `model_http_${number}`
  /** An `event: error` inside Claude's stream, by its type (`model_overloaded_error`, …). */
  | `model_${string}`;

/**
 * The base of every error rte raises on purpose. `code` is stable (logs, metrics, tests branch on it);
 * `permanent` tells the worker that retrying cannot help; `retryAfterMs` carries a platform's or
 * Claude's Retry-After.
 */
export class RteError extends Error {
  readonly code: ErrorCode;
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { permanent?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "RteError";
    this.code = code;
    this.permanent = options.permanent ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A configuration problem: the message names every variable and how to fix it. */
export class ConfigError extends RteError {
  constructor(message: string) {
    super("config_invalid", message, { permanent: true });
    this.name = "ConfigError";
  }
}

/**
 * This attempt no longer owns its answer: its job was given to another attempt (or is about to be) because
 * it could not prove it was alive in time. It must stop writing at once and leave the answer to the new
 * owner, which resumes from the ledger. Not a failure the user should hear of.
 */
export class OwnershipLostError extends RteError {
  constructor(detail: string) {
    super(
      "ownership_lost",
      `This attempt no longer owns the answer (${detail}); another attempt resumes it.`,
    );
    this.name = "OwnershipLostError";
  }
}

export function isOwnershipLost(error: unknown): boolean {
  return error instanceof RteError && error.code === "ownership_lost";
}

export function isPermanent(error: unknown): boolean {
  return error instanceof RteError && error.permanent;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
