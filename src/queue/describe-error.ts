import { type ErrorCode, errorMessage, RteError } from "../core/errors.js";

/** An error as a log line carries it: its stable code when rte raised it, and its message. */
export function describeError(error: unknown): { code?: ErrorCode; message: string } {
  return error instanceof RteError
    ? { code: error.code, message: error.message }
    : { message: errorMessage(error) };
}

/** BullMQ's words for a job whose lock this worker no longer holds (its scripts' error codes -2 and -6). */
export function isLockLost(error: unknown): boolean {
  return /Missing lock|Lock mismatch|could not renew lock/.test(errorMessage(error));
}
