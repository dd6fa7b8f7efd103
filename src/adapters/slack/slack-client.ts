import {
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  type WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import { Agent, type Dispatcher } from "undici";
import { RteError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { JsonWebClient } from "./json-web-client.js";
import { createSlackFetch } from "./slack-fetch.js";
import { slackLogger } from "./slack-logger.js";

export type SlackClientRole = "ingress" | "worker";

export interface SlackClientOptions {
  token: string;
  /** SLACK_API_URL; WebClient's default is https://slack.com/api/. */
  apiUrl: string | undefined;
  logger: Logger;
  role: SlackClientRole;
}

/**
 * WebClient's defaults suit a script, not a queue worker: ten retries over about thirty minutes, waiting
 * out every 429, no timeout (slackapi/node-slack-sdk `WebClient.ts`). One job could hang for half an
 * hour. Here a call fails within seconds: two quick retries for network and 5xx errors, a 10 s timeout per
 * attempt, and a 429 rejected at once so the worker's one retry loop backs off by its Retry-After.
 * Ingress has Slack's 3-second acknowledgement window to fit in, so it allows one short attempt. Calls go
 * over `undici.request` rather than the global fetch (slack-fetch.ts says why), through `dispatcher` if given.
 */
export function slackClientOptions(
  options: Omit<SlackClientOptions, "token">,
  dispatcher?: Dispatcher,
): WebClientOptions {
  const worker = options.role === "worker";
  return {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: slackLogger(options.logger),
    fetch: createSlackFetch(dispatcher),
    rejectRateLimitedCalls: true,
    timeout: worker ? 10_000 : 2_000,
    retryConfig: worker ? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 } : { retries: 0 },
  };
}

/** Calls in flight at once per client: WebClient's own default (`maxRequestConcurrency`). */
const maxConcurrentCalls = 100;

/** The worker's client: an answer's posts, updates and thread status go as JSON (json-web-client.ts). */
export function createSlackClient(options: SlackClientOptions): WebClient {
  const dispatcher = new Agent({ connections: maxConcurrentCalls });
  return new JsonWebClient(options.token, { ...slackClientOptions(options, dispatcher), dispatcher });
}

/**
 * Slack errors that no retry can fix: the bot was removed, the token revoked, a scope is missing, the
 * thread is locked or the content was refused. Everything else (network, 5xx, timeouts) may pass.
 */
const permanentErrors = new Set([
  "account_inactive",
  "cant_update_message",
  "channel_not_found",
  "ekm_access_denied",
  "invalid_auth",
  "is_archived",
  "markdown_text_conflict",
  "message_not_found",
  "missing_scope",
  "msg_blocks_too_long",
  "msg_too_long",
  "no_permission",
  "not_authed",
  "not_in_channel",
  "restricted_action",
  "restricted_action_thread_locked",
  "team_access_not_granted",
  "token_expired",
  "token_revoked",
]);

/**
 * Runs one Web API call and turns its failure into an RteError the worker's retry decision understands:
 * `slack_<error>` for Slack's own errors, `slack_rate_limited` with Retry-After, `slack_unreachable` for
 * the rest. Messages name the method, never the payload.
 */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toRteError(method, error);
  }
}

export function toRteError(method: string, error: unknown): RteError {
  if (error instanceof RteError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new RteError("slack_rate_limited", `Slack rate-limited ${method}.`, {
      retryAfterMs: error.retryAfter * 1000,
      cause: error,
    });
  }
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error);
    return new RteError(`slack_${code}`, `Slack refused ${method}: ${code}.`, {
      permanent: permanentErrors.has(code),
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new RteError("slack_unreachable", `Slack did not answer ${method}: ${reason}`, { cause: error });
}

/** Whether `error` is Slack's `{ ok: false, error: code }`, raw or already mapped by `slackCall`. */
export function isSlackError(error: unknown, ...codes: string[]): boolean {
  if (error instanceof RteError) return codes.some((code) => error.code === `slack_${code}`);
  return error instanceof WebAPIPlatformError && codes.includes(String(error.data.error));
}

/** Whether Slack answered and said no (`ok: false`), as opposed to not answering at all. */
export function isSlackRefusal(error: unknown): boolean {
  const cause = error instanceof RteError ? error.cause : error;
  return cause instanceof WebAPIPlatformError;
}
