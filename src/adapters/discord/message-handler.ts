import type { API, GatewayMessageCreateDispatchData } from "@discordjs/core/http-only";
import type { Ask } from "../../core/ask.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { ClaimOnce, JoinedConversations } from "../../core/shared-state.js";
import type { Submit } from "../../ingress/submit.js";
import type { Allowlist } from "./allowlist.js";
import { type ChannelFacts, ignoredAuthor, mapMessage } from "./message-ask.js";
import { isMessageCreate } from "./payload-shape.js";
import { noMentions } from "./rest-messenger.js";

export interface MessageHandlerOptions {
  api: API;
  botUserId: string;
  /** The channel's type and parent, from the payload, discord.js's cache or REST. */
  channelFacts(message: GatewayMessageCreateDispatchData): Promise<ChannelFacts>;
  botRoleId(guildId: string | undefined): string | undefined;
  allowed: Allowlist;
  joined: JoinedConversations;
  submit: Submit;
  notices: ClaimOnce;
  logger: Logger;
  now?: () => number;
}

/**
 * A refusal is not queued, so the queue's dedupe cannot stop a replayed MESSAGE_CREATE, or a second ingress
 * process, from telling the user twice: the notice is claimed per question, for longer than Discord
 * replays anything after a resume and than two ingress processes race.
 */
export const noticeTtlSeconds = 24 * 3_600;

export const couldNotQueue = "I couldn't take this question just now. Please ask again in a minute.";

/**
 * MESSAGE_CREATE at the edge: filter, map, check the allowlist and (for follow-ups) that the bot is part of
 * the thread, enqueue (which marks the thread as joined, ask-queue.ts). The answer is the worker's; a
 * refusal is said here, once, as a reply to the message. A gateway replay or a second ingress process enqueues nothing twice:
 * the Ask's id is the message's id.
 */
export function createMessageHandler(options: MessageHandlerOptions) {
  const { logger } = options;
  const now = options.now ?? Date.now;

  const tell = async (message: GatewayMessageCreateDispatchData, ask: Ask, text: string) => {
    // When Redis is what failed, speaking twice beats staying silent.
    if (!(await options.notices.claim(ask.id).catch(() => true))) return;
    await options.api.channels
      .createMessage(message.channel_id, {
        content: text,
        allowed_mentions: noMentions,
        message_reference: { message_id: message.id, fail_if_not_exists: false },
      })
      .catch((error: unknown) =>
        logger.warn({ askId: ask.id, error: errorMessage(error) }, "could not reply"),
      );
  };

  return async function handleMessage(message: GatewayMessageCreateDispatchData): Promise<void> {
    const receivedAt = now();
    if (!isMessageCreate(message)) return logger.warn({}, "malformed MESSAGE_CREATE ignored");
    // Own, bot, webhook and system messages are dropped before any lookup.
    const early = ignoredAuthor(message, options.botUserId);
    if (early) return logger.debug({ messageId: message.id, reason: early }, "message ignored");
    const decision = mapMessage(message, {
      botUserId: options.botUserId,
      botRoleId: options.botRoleId(message.guild_id),
      channel: await options.channelFacts(message),
      receivedAt,
    });
    if (decision.kind === "ignore") {
      return logger.debug({ messageId: message.id, reason: decision.reason }, "message ignored");
    }
    const { ask } = decision;
    if (!options.allowed(ask.conversation)) {
      return logger.debug({ askId: ask.id }, "message ignored: outside RTE_ALLOWED_CHANNELS");
    }
    if (ask.trigger === "follow-up" && !(await options.joined.hasJoined(ask.conversation))) {
      return logger.debug({ askId: ask.id }, "message ignored: a thread the bot is not part of");
    }
    let result: Awaited<ReturnType<Submit>>;
    try {
      result = await options.submit(ask);
    } catch (error) {
      logger.error({ askId: ask.id, error: errorMessage(error) }, "could not queue a question");
      return tell(message, ask, couldNotQueue);
    }
    if (result.status === "refused") {
      if (!result.silent) await tell(message, ask, result.reason);
    }
  };
}
