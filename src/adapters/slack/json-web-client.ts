import { STATUS_CODES } from "node:http";
import {
  type Logger as SlackLogger,
  type WebAPICallResult,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import pRetry from "p-retry";
import { type Dispatcher, request } from "undici";
import { toHeaders } from "./slack-fetch.js";

/**
 * The methods every answer calls as it streams: each documented to take a JSON body ("Content types" on
 * docs.slack.dev/reference/methods/<method>), and Slack recommends JSON for messages with blocks.
 */
const jsonMethods = new Set(["chat.postMessage", "chat.update", "assistant.threads.setStatus"]);

/** A Web API reply: `ok`, and `error` when it is false. */
type SlackResult = WebAPICallResult & { error?: unknown };

export interface JsonWebClientOptions extends WebClientOptions {
  /** The connection pool for the JSON calls; pass the one the `fetch` option uses, so they share it. */
  dispatcher: Dispatcher;
}

/**
 * WebClient, with an answer's own calls (its post, its streaming updates and its thread status) sent as
 * JSON over `undici.request`; every other method goes through WebClient as before.
 *
 * Why: WebClient form-encodes every body with `querystring`, the blocks as JSON escaped inside it character
 * by character, and before each call it copies the arguments and stringifies them for a debug line, logged
 * or not, then queues the call and wraps it in a retry. For a 6,000-character answer with its 👍/👎 blocks
 * that was twice the CPU of a JSON post (0.42–0.52 ms against 0.23 ms a call, a loopback measurement in
 * docs/performance.md) and twice the garbage, and a worker at 1,000 answers makes thousands of such calls a
 * minute.
 *
 * The calls keep WebClient's contract for these methods, with the options it was given: the token in the
 * Authorization header (or the call's own `token`), `timeout` for a reply's headers and again for its body,
 * network errors and HTTP errors retried by `retryConfig` (p-retry, as WebClient does), a 429 rejected at
 * once as `WebAPIRateLimitedError` (this client always sets `rejectRateLimitedCalls`), and `ok: false` as
 * `WebAPIPlatformError`. The pool's `connections` bounds how many are in flight, as WebClient's request
 * queue does for its own.
 */
export class JsonWebClient extends WebClient {
  readonly #apiUrl: string;
  readonly #timeoutMs: number;
  readonly #retry: pRetry.Options;
  readonly #dispatcher: Dispatcher;
  readonly #logger: SlackLogger | undefined;

  constructor(token: string, options: JsonWebClientOptions) {
    const { dispatcher, ...webClientOptions } = options;
    super(token, { ...webClientOptions, rejectRateLimitedCalls: true });
    this.#apiUrl = options.slackApiUrl ?? "https://slack.com/api/";
    this.#timeoutMs = options.timeout ?? 0;
    // WebClient's RetryOptions are p-retry's (it passes them to p-retry), declared by its own copy of `retry`.
    this.#retry = (options.retryConfig ?? { retries: 0 }) as pRetry.Options;
    this.#dispatcher = dispatcher;
    this.#logger = options.logger;
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    if (!jsonMethods.has(method)) return super.apiCall(method, options);
    const { token, ...args } = options;
    const headers = {
      authorization: `Bearer ${typeof token === "string" ? token : this.token}`,
      "content-type": "application/json; charset=utf-8",
      accept: "application/json",
    };
    const body = JSON.stringify(args);
    const result = await pRetry(() => this.#post(method, headers, body), this.#retry);
    for (const warning of result.response_metadata?.warnings ?? [])
      this.#logger?.warn(`${method}: ${warning}`);
    if (result.ok !== true) {
      throw new WebAPIPlatformError({ ...result, error: String(result.error ?? "unknown_error") });
    }
    return result;
  }

  async #post(method: string, headers: Record<string, string>, body: string): Promise<SlackResult> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.#apiUrl}${method}`, {
        dispatcher: this.#dispatcher,
        method: "POST",
        headers,
        body,
        ...(this.#timeoutMs > 0 ? { headersTimeout: this.#timeoutMs, bodyTimeout: this.#timeoutMs } : {}),
      });
    } catch (error) {
      throw new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));
    }
    const text = await response.body.text().catch((error: unknown) => {
      throw new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));
    });
    if (response.statusCode === 429) {
      const retryAfter = Number.parseInt(String(response.headers["retry-after"]), 10);
      throw new pRetry.AbortError(
        Number.isNaN(retryAfter)
          ? new Error(`Slack answered ${method} with 429 and no valid Retry-After`)
          : new WebAPIRateLimitedError(retryAfter),
      );
    }
    if (response.statusCode !== 200) {
      const headers = Object.fromEntries(toHeaders(response.headers));
      throw new WebAPIHTTPError(response.statusCode, STATUS_CODES[response.statusCode] ?? "", headers, text);
    }
    try {
      return JSON.parse(text) as SlackResult;
    } catch (error) {
      throw new pRetry.AbortError(new WebAPIRequestError(error as Error));
    }
  }
}
