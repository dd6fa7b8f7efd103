import { API } from "@discordjs/core/http-only";
import { type RateLimitData, REST, type RESTOptions } from "@discordjs/rest";

/**
 * A rate limit longer than this is not waited out inside a job: @discordjs/rest then throws a
 * RateLimitError, the job is retried after `retry_after` (see discord-errors.ts), and the ledger makes the
 * retry edit the messages already posted. Shorter ones @discordjs/rest waits out itself, as Discord asks.
 */
export const longestRateLimitWaitMs = 10_000;

/**
 * How every Discord REST client of rte behaves (the worker's, and the one discord.js builds for ingress):
 * REST base URL from DISCORD_API_URL; 10 s per request instead of 15; one retry of a 5xx or a network
 * error instead of three, because the worker's retry loop is the real one (CONVENTIONS rule 8), and so a
 * hanging Discord holds a job for about 20 s, not a minute.
 * https://discord.com/developers/docs/topics/rate-limits
 */
export function restOptions(apiUrl: string | undefined): Partial<RESTOptions> {
  return {
    ...(apiUrl === undefined ? {} : { api: apiUrl }),
    timeout: 10_000,
    retries: 1,
    rejectOnRateLimit: (limit: RateLimitData) =>
      Math.max(limit.retryAfter, limit.timeToReset, limit.sublimitTimeout) > longestRateLimitWaitMs,
  };
}

/** Discord's REST API with the bot token, for the worker and commands: no gateway connection. */
export function createDiscordApi(options: { token: string; apiUrl: string | undefined }): API {
  return new API(new REST(restOptions(options.apiUrl)).setToken(options.token));
}
