import type { Messenger } from "./message-reply.js";
import type { ReplyProgress } from "./platform.js";

/**
 * The ledger's `extra` key for a post announced but not yet recorded: the message's index. Left in the
 * ledger, it means the attempt that announced it lost the job while the post was in flight
 * (message-reply.ts `post`): the platform may or may not show that message, so the new owner looks.
 */
export const postingKey = "posting";

/** The previous progress with the adopted message recorded and the announcement gone. */
export function withAdopted(previous: ReplyProgress, messageIds: string[]): ReplyProgress {
  const { [postingKey]: _posting, ...extra } = previous.extra ?? {};
  return {
    messageIds: [...messageIds],
    deliveredCharacters: previous.deliveredCharacters,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/**
 * When the previous attempt announced a post it never recorded, looks for that message on the platform
 * and, found, adds it to `messageIds` (to be rewritten like any resumed message). True when it did.
 */
export async function adoptUnrecordedPost(
  messenger: Messenger,
  previous: ReplyProgress,
  messageIds: string[],
): Promise<boolean> {
  const posting = previous.extra?.[postingKey];
  if (!messenger.find || posting === undefined || Number(posting) !== messageIds.length) return false;
  const after = messageIds.at(-1);
  const found = await messenger.find({ index: messageIds.length, ...(after === undefined ? {} : { after }) });
  if (found === undefined) return false;
  messageIds.push(found);
  return true;
}
