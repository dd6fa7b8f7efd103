/**
 * The base of every error rte raises on purpose. `code` is stable (logs, metrics, tests branch on it);
 * `permanent` tells the worker that retrying cannot help; `retryAfterMs` carries a platform's or
 * Claude's Retry-After.
 */
export class RteError extends Error {
  readonly code: string;
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: string,
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
