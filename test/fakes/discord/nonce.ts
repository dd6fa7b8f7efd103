import { invalidFormBody } from "./api-error.js";
import type { StoredMessage, World } from "./world.js";

/** Discord keeps a nonce unique for "the past few minutes"; the fake says five. */
export const nonceWindowMs = 5 * 60_000;

/**
 * Create Message's `nonce` + `enforce_nonce`, as Discord documents them: the nonce is an integer or a
 * string of at most 25 characters; with `enforce_nonce: true` it "will be checked for uniqueness in the past
 * few minutes. If another message was created by the same author with the same nonce, that message will be
 * returned and no new message will be created." Without `enforce_nonce` the nonce is only echoed back.
 * https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export function messageWithSameNonce(
  world: World,
  authorId: string,
  body: Record<string, unknown>,
  now: number = Date.now(),
): StoredMessage | undefined {
  const { nonce } = body;
  if (nonce === undefined || nonce === null) return undefined;
  if (typeof nonce === "string" ? nonce.length > 25 : !Number.isInteger(nonce))
    throw invalidFormBody("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  if (body.enforce_nonce !== true) return undefined;
  for (const list of world.messages.values()) {
    const found = list.find(
      (message) =>
        message.author.id === authorId &&
        message.nonce !== undefined &&
        String(message.nonce) === String(nonce) &&
        now - Date.parse(message.timestamp) <= nonceWindowMs,
    );
    if (found) return found;
  }
  return undefined;
}
