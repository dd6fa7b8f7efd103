import type { API } from "@discordjs/core/http-only";
import type { Ask } from "../../core/ask.js";
import type { Logger } from "../../core/logger.js";
import { discordErrorCodes, isDiscordError, toRteError } from "./discord-errors.js";
import { threadName } from "./thread-name.js";

export interface ReplyChannel {
  channelId: string;
  /** The question, when it is a message in that channel the answer should point at. */
  replyTo: string | undefined;
}

/**
 * Whether this question opens its own thread: a mention (or a `/rte` response) in a channel. The thread is
 * started from that message, so its id is the message's id and the Ask could name it before it existed.
 */
export function startsItsThread(ask: Ask): boolean {
  const { channel, thread } = ask.conversation;
  return ask.messageId === thread && channel !== thread;
}

/**
 * Where the answer goes. A question that opens a thread gets it started now, by the worker rather than at
 * the edge, so ingress stays a map-and-enqueue and a retried attempt simply finds it there (160004). In a
 * channel that has no threads (a voice channel's chat) or where the bot may not start one, the answer goes
 * in the channel as a reply instead.
 * https://discord.com/developers/docs/resources/channel#start-thread-from-message
 */
export async function openReplyChannel(api: API, ask: Ask, logger: Logger): Promise<ReplyChannel> {
  const { channel, thread } = ask.conversation;
  if (!startsItsThread(ask)) {
    // A /rte response is the bot's own message: replying to it would only repeat the question.
    return { channelId: thread, replyTo: ask.trigger === "command" ? undefined : ask.messageId };
  }
  try {
    await api.channels.createThread(channel, { name: threadName(ask.text) }, ask.messageId);
    return { channelId: thread, replyTo: undefined };
  } catch (error) {
    if (isDiscordError(error, discordErrorCodes.threadAlreadyCreated))
      return { channelId: thread, replyTo: undefined };
    const noThreadsHere =
      isDiscordError(error, discordErrorCodes.cannotExecuteOnChannelType) ||
      isDiscordError(error, discordErrorCodes.missingPermissions);
    if (!noThreadsHere) throw toRteError(error);
    logger.warn(
      { channelId: channel, error: toRteError(error).message },
      "could not start a thread; answering in the channel (grant Create Public Threads to keep answers in threads)",
    );
    return { channelId: channel, replyTo: ask.messageId };
  }
}
