import { DiscordAPIError, HTTPError, RateLimitError } from "@discordjs/rest";
import { errorMessage, RteError } from "../../core/errors.js";

/** JSON error codes rte branches on: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
export const discordErrorCodes = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  missingAccess: 50001,
  missingPermissions: 50013,
  cannotExecuteOnChannelType: 50024,
  interactionAlreadyAcknowledged: 40060,
  threadAlreadyCreated: 160004,
} as const;

export function isDiscordError(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

/**
 * Maps @discordjs/rest's errors onto RteError so the worker decides retry-or-stop without importing it.
 * Retryable: rate limits (with Discord's wait), 5xx and network failures. Any other 4xx cannot succeed by
 * trying again (missing permission, unknown channel, a token Discord refused).
 */
export function toRteError(error: unknown): RteError {
  if (error instanceof RteError) return error;
  if (error instanceof RateLimitError) {
    const waitMs = Math.max(error.retryAfter, error.timeToReset, error.sublimitTimeout);
    return new RteError(
      "discord_rate_limited",
      `Discord asked us to wait ${Math.ceil(waitMs / 1000)} s (${error.method.toUpperCase()} ${error.route}).`,
      { retryAfterMs: waitMs, cause: error },
    );
  }
  if (error instanceof DiscordAPIError) {
    const retryable = error.status === 408 || error.status === 429 || error.status >= 500;
    const hint =
      error.status === 401
        ? " Check DISCORD_TOKEN."
        : error.status === 403
          ? " Check the bot's permissions in this channel."
          : "";
    return new RteError(
      `discord_http_${error.status}`,
      `Discord refused ${error.method.toUpperCase()}: ${error.message} (code ${error.code}).${hint}`,
      { permanent: !retryable, cause: error },
    );
  }
  if (error instanceof HTTPError) {
    return new RteError(`discord_http_${error.status}`, `Discord answered ${error.status}.`, {
      cause: error,
    });
  }
  return new RteError("discord_unreachable", `Discord could not be reached: ${errorMessage(error)}`, {
    cause: error,
  });
}
