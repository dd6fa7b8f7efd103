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

export function isPermanent(error: unknown): boolean {
  return error instanceof RteError && error.permanent;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
