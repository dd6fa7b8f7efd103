import type { API, APIMessage } from "@discordjs/core/http-only";
import type { Ask, Turn } from "../../core/ask.js";
import type { Transcript } from "../../core/transcript.js";
import { conversationTurns } from "./conversation-turns.js";
import { toRteError } from "./discord-errors.js";
import { directMessageWorkspace } from "./message-ask.js";
import { readMessageFiles } from "./message-files.js";
import { startsItsThread } from "./reply-channel.js";

/** Messages read before the question. The prompt's token budget trims further; two pages of 100 at most. */
const historyLimit = 200;
const pageSize = 100;

export interface ConversationReadOptions {
  api: API;
  ask: Ask;
  botUserId: string;
  transcript: Transcript;
  signal: AbortSignal;
}

/**
 * The conversation a question belongs to, from Discord's REST API: the thread (or DM) up to the question,
 * newest pages first, read back oldest first, merged with the transcript (conversation-turns.ts), with the
 * files people attached (message-files.ts). A question that opens its thread has nothing before it: only
 * the question itself is read, for its files.
 */
export async function readConversation(options: ConversationReadOptions): Promise<Turn[]> {
  const { api, ask, signal } = options;
  const [messages, transcript] = await Promise.all([
    startsItsThread(ask)
      ? questionInChannel(api, ask)
      : // `before` the next snowflake: the question comes with the history, at no extra request.
        messagesBefore(api, ask.conversation.thread, String(BigInt(ask.messageId) + 1n), signal),
    options.transcript.read(ask.conversation),
  ]);
  return conversationTurns({
    messages,
    transcript,
    ask,
    botUserId: options.botUserId,
    attribute: ask.conversation.workspace !== directMessageWorkspace,
    attachments: await readMessageFiles(messages, options.botUserId, signal),
  });
}

/** A mention in a channel, for its files; a `/rte` echo is the bot's own and has none. */
async function questionInChannel(api: API, ask: Ask): Promise<APIMessage[]> {
  if (ask.trigger === "command") return [];
  // Deleted since it was asked, or Discord failing: the text the Ask carries is still worth answering.
  const question = await api.channels
    .getMessage(ask.conversation.channel, ask.messageId)
    .catch(() => undefined);
  return question ? [question] : [];
}

async function messagesBefore(
  api: API,
  channelId: string,
  before: string,
  signal: AbortSignal,
): Promise<APIMessage[]> {
  const newestFirst: APIMessage[] = [];
  let cursor = before;
  while (newestFirst.length < historyLimit) {
    // Checked here rather than passed to @discordjs/rest, which leaks a listener per request on it.
    signal.throwIfAborted();
    const limit = Math.min(pageSize, historyLimit - newestFirst.length);
    const page = await api.channels
      .getMessages(channelId, { before: cursor, limit })
      .catch((error: unknown) => {
        throw toRteError(error);
      });
    newestFirst.push(...page);
    const oldest = page.at(-1);
    if (page.length < limit || oldest === undefined) break;
    cursor = oldest.id;
  }
  return newestFirst.reverse();
}
