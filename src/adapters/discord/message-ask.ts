import { ChannelType, type GatewayMessageCreateDispatchData, MessageType } from "@discordjs/core/http-only";
import { type Ask, askId, type ConversationRef } from "../../core/ask.js";
import { contentWithForwards } from "./forwarded-messages.js";

/** What ingress knows of the channel a message was posted in: from the payload, discord.js's cache or REST. */
export interface ChannelFacts {
  type: ChannelType;
  /** For a thread, the channel it belongs to (the one an allowlist names); otherwise null. */
  parentId: string | null;
}

export interface MessageContext {
  botUserId: string;
  /**
   * The bot's own managed role in this guild. Typing "@rte" often picks the role rather than the user, and
   * the person still means the bot.
   */
  botRoleId: string | undefined;
  channel: ChannelFacts;
  receivedAt: number;
}

export type IgnoreReason =
  | "own message"
  | "from a bot"
  | "from a webhook"
  | "system message"
  | "not addressed to the bot"
  | "no text";

/**
 * A message is either a question (a mention, a DM, or a possible thread follow-up that ingress still checks
 * against the threads the bot is part of) or ignored, with the reason for the debug log.
 */
export type MessageDecision = { kind: "ask"; ask: Ask } | { kind: "ignore"; reason: IgnoreReason };

/** Workspace of every DM conversation: DMs belong to no guild. */
export const directMessageWorkspace = "@me";

/** Threads of every kind: a conversation the bot answers in without starting one. */
export const threadTypes: ReadonlySet<ChannelType> = new Set([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** Only what people type: DEFAULT and REPLY. Joins, pins, boosts, thread starters and command responses are not questions. */
const humanMessageTypes: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

/**
 * Who wrote it and whether it is addressed to the bot, needing nothing but the payload. Ingress runs this
 * before any lookup, so the bot's own messages, other bots and webhooks cost nothing.
 */
export function ignoredAuthor(
  message: GatewayMessageCreateDispatchData,
  botUserId: string,
): IgnoreReason | undefined {
  if (message.author.id === botUserId) return "own message";
  // https://discord.com/developers/docs/resources/message#message-object: a webhook's "author" is the webhook.
  if (message.webhook_id !== undefined) return "from a webhook";
  if (message.author.bot === true) return "from a bot";
  if (message.author.system === true || !humanMessageTypes.has(message.type)) return "system message";
  return undefined;
}

/**
 * Turns a MESSAGE_CREATE payload into an Ask, or says why not. A mention in a channel becomes a
 * conversation in the thread the reply will start from that message (its id is the message's id); a
 * mention or any message in a thread belongs to that thread; a DM is its own conversation.
 */
export function mapMessage(
  message: GatewayMessageCreateDispatchData,
  context: MessageContext,
): MessageDecision {
  const ignored = ignoredAuthor(message, context.botUserId);
  if (ignored) return { kind: "ignore", reason: ignored };
  const mentioned = mentionsBot(message, context);
  const text = stripBotMention(contentWithForwards(message), context);
  const { channel } = context;
  const guildId = message.guild_id;
  let conversation: ConversationRef;
  let trigger: Ask["trigger"];
  if (guildId === undefined || channel.type === ChannelType.DM) {
    conversation = {
      platform: "discord",
      workspace: directMessageWorkspace,
      channel: message.channel_id,
      thread: message.channel_id,
    };
    trigger = "direct-message";
  } else if (threadTypes.has(channel.type)) {
    conversation = {
      platform: "discord",
      workspace: guildId,
      channel: channel.parentId ?? message.channel_id,
      thread: message.channel_id,
    };
    trigger = mentioned ? "mention" : "follow-up";
  } else if (mentioned) {
    conversation = {
      platform: "discord",
      workspace: guildId,
      channel: message.channel_id,
      thread: message.id,
    };
    trigger = "mention";
  } else {
    return { kind: "ignore", reason: "not addressed to the bot" };
  }
  // Without the Message Content intent an unaddressed message arrives empty: nothing to answer.
  if (trigger === "follow-up" && text === "") return { kind: "ignore", reason: "no text" };
  return {
    kind: "ask",
    ask: {
      id: askId("discord", message.id),
      conversation,
      messageId: message.id,
      author: { id: message.author.id, name: displayName(message) },
      text,
      trigger,
      receivedAt: context.receivedAt,
    },
  };
}

function mentionsBot(message: GatewayMessageCreateDispatchData, context: MessageContext): boolean {
  if (message.mentions.some((user) => user.id === context.botUserId)) return true;
  if (context.botRoleId !== undefined && message.mention_roles.includes(context.botRoleId)) return true;
  return new RegExp(`<@!?${context.botUserId}>`).test(message.content);
}

/** Removes the bot's mentions (user and role forms) and the comma or colon people type after them. */
export function stripBotMention(
  content: string,
  context: Pick<MessageContext, "botUserId" | "botRoleId">,
): string {
  const forms = [`<@!?${context.botUserId}>`, ...(context.botRoleId ? [`<@&${context.botRoleId}>`] : [])];
  return content
    .replace(new RegExp(`(?:${forms.join("|")})[ \\t]*[,:]?`, "g"), "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

function displayName(message: GatewayMessageCreateDispatchData): string {
  return message.member?.nick ?? message.author.global_name ?? message.author.username;
}
