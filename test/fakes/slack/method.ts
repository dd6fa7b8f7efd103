import type { SlackState } from "./state.js";
import type { SlackIdentity } from "./types.js";

/** What a Web API method handler sees besides its arguments. */
export interface MethodContext {
  state: SlackState;
  identity: SlackIdentity;
  /** `http://127.0.0.1:PORT`, for absolute URLs such as `upload_url`. */
  origin: string;
}

export type MethodArgs = Record<string, unknown>;

/** Returns the success body without `ok`; throws `SlackMethodError` for `{ ok: false }`. */
export type MethodHandler = (args: MethodArgs, context: MethodContext) => Record<string, unknown>;

export type MethodTable = Readonly<Record<string, MethodHandler>>;

/** A Slack error (`{ ok: false, error }`, HTTP 200), optionally with `response_metadata.messages`. */
export class SlackMethodError extends Error {
  readonly code: string;
  readonly messages: string[];

  constructor(code: string, messages: string[] = []) {
    super(code);
    this.name = "SlackMethodError";
    this.code = code;
    this.messages = messages;
  }
}

/** A non-empty string argument, or undefined. */
export function optionalString(args: MethodArgs, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * A required string argument. Slack answers a missing one with the method's own error where it has one
 * (`channel_not_found`, `missing_recipient_user_id`), else `invalid_arguments` naming the field in
 * `response_metadata.messages`, which WebClient logs at error level.
 */
export function requiredString(args: MethodArgs, key: string, error = "invalid_arguments"): string {
  const value = optionalString(args, key);
  if (value !== undefined) return value;
  const messages = error === "invalid_arguments" ? [`[ERROR] missing required field: ${key}`] : [];
  throw new SlackMethodError(error, messages);
}

export function optionalArray(args: MethodArgs, key: string): unknown[] | undefined {
  const value = args[key];
  return Array.isArray(value) ? value : undefined;
}

/** Form-encoded booleans arrive as "true"/"1"; JSON ones as booleans. */
export function optionalBoolean(args: MethodArgs, key: string): boolean | undefined {
  const value = args[key];
  if (value === undefined) return undefined;
  return value === true || value === "true" || value === "1" || value === 1;
}
