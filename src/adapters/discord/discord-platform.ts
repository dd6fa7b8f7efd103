import type { API } from "@discordjs/core/http-only";
import type { Logger } from "../../core/logger.js";
import { createMessageReply } from "../../core/message-reply.js";
import type { Platform } from "../../core/platform.js";
import type { SharedState, UpdateBudgetRate } from "../../core/shared-state.js";
import type { Transcript } from "../../core/transcript.js";
import { toRteError } from "./discord-errors.js";
import { renderForDiscord } from "./discord-render.js";
import { openReplyChannel } from "./reply-channel.js";
import { createRestMessenger } from "./rest-messenger.js";
import { readConversation } from "./thread-reader.js";

/**
 * Discord does not document its edit limit; about 5 edits per 5 s per channel is what people observe
 * (platform-facts §2.6). Answers in one thread take turns, so this mostly shares a DM or a channel between
 * workers resuming each other, and leaves room for the final edits, which never ask the budget.
 */
export const defaultUpdateRate: UpdateBudgetRate = { updates: 3, windowMs: 5_000 };

export interface DiscordPlatformOptions {
  api: API;
  state: Pick<SharedState, "updateBudget">;
  transcript: Transcript;
  logger: Logger;
  /** Fewest milliseconds between two edits of one answer (default 1,200). */
  minIntervalMs?: number;
  updateRate?: UpdateBudgetRate;
  /** Seconds from ingress receiving the question to the first message of its answer on Discord. */
  onFirstVisibleText?: (seconds: number) => void;
}

/**
 * The worker's side of Discord, over REST only: reads the thread (or DM) and writes the answer into it,
 * starting the thread first when the question opens one. No gateway connection.
 */
export function createDiscordPlatform(options: DiscordPlatformOptions): Platform {
  const { api, logger } = options;
  let botUserId: Promise<string> | undefined;
  // Who "the bot" is, asked once: the application id is the bot's user id only for bots made since 2016.
  const botUser = () => {
    botUserId ??= api.users.getCurrent().then(
      (user) => user.id,
      (error: unknown) => {
        botUserId = undefined;
        throw toRteError(error);
      },
    );
    return botUserId;
  };
  return {
    name: "discord",
    async readConversation(ask, signal) {
      return readConversation({
        api,
        ask,
        botUserId: await botUser(),
        transcript: options.transcript,
        signal,
      });
    },
    async openReply(ask, { ledger, signal }) {
      const target = await openReplyChannel(api, ask, logger);
      // A resumed answer already showed its first text; its new messages are continuations.
      const resumed = ((await ledger.read())?.messageIds.length ?? 0) > 0;
      const onFirstPost = () => options.onFirstVisibleText?.((Date.now() - ask.receivedAt) / 1000);
      return createMessageReply({
        messenger: createRestMessenger({
          ...(resumed ? {} : { onFirstPost }),
          api,
          answerId: ask.id,
          controls: { askId: ask.id, stop: !resumed },
          channelId: target.channelId,
          replyTo: target.replyTo,
          signal,
          logger,
        }),
        ledger,
        render: renderForDiscord,
        minIntervalMs: options.minIntervalMs ?? 1_200,
        budget: options.state.updateBudget(
          `discord-${target.channelId}`,
          options.updateRate ?? defaultUpdateRate,
        ),
      });
    },
  };
}
