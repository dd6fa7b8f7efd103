import { type ErrorCode, errorMessage, RteError } from "../core/errors.js";

/** An error as a log line carries it: its stable code when rte raised it, and its message. */
export function describeError(error: unknown): { code?: ErrorCode; message: string } {
  return error instanceof RteError
    ? { code: error.code, message: error.message }
    : { message: errorMessage(error) };
}
