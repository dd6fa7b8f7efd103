/**
 * An error the fake answers with, in Discord's JSON error shape `{ message, code, errors? }`.
 * Route handlers throw it; the HTTP layer turns it into the response.
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
    this.name = "DiscordApiError";
  }

  toJSON(): Record<string, unknown> {
    return {
      message: this.message,
      code: this.code,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

/** 50035 "Invalid Form Body", with the nested `errors` object Discord returns for one field path. */
export function invalidFormBody(fieldPath: string, errorCode: string, message: string): DiscordApiError {
  const errors: Record<string, unknown> = {};
  let node = errors;
  const parts = fieldPath.split(".");
  for (const [index, part] of parts.entries()) {
    const child: Record<string, unknown> =
      index === parts.length - 1 ? { _errors: [{ code: errorCode, message }] } : {};
    node[part] = child;
    node = child;
  }
  return new DiscordApiError(400, 50035, "Invalid Form Body", errors);
}

export const unknownChannel = () => new DiscordApiError(404, 10003, "Unknown Channel");
export const unknownMessage = () => new DiscordApiError(404, 10008, "Unknown Message");
export const unknownInteraction = () => new DiscordApiError(404, 10062, "Unknown interaction");
export const unknownWebhook = () => new DiscordApiError(404, 10015, "Unknown Webhook");
export const unauthorized = () => new DiscordApiError(401, 0, "401: Unauthorized");
export const notFound = () => new DiscordApiError(404, 0, "404: Not Found");
