import {
  type APIInteraction,
  type APIMessage,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionType,
} from "@discordjs/core/http-only";
import { type Ask, askId, type ConversationRef } from "../../core/ask.js";
import { type CommandRequest, commandPlace } from "./command-ask.js";
import { contentWithForwards } from "./forwarded-messages.js";
import { directMessageWorkspace, threadTypes } from "./message-ask.js";

/** What Discord's message menu shows under Apps (a message command's name, ≤ 32 characters). */
export const messageCommandName = "Ask rte about this message";
/** A message worth asking about fits in a prompt; a longer one is cut, and the cut said. */
const maxQuoted = 8_000;

/** A use of the message command: the command's facts plus the message it targets. */
export interface MessageCommandRequest extends Omit<CommandRequest, "question"> {
  target: { id: string; text: string; authorName: string };
  /** Whether the bot itself can post where the command was used (see `botIsPresent`). */
  botPresent: boolean;
}

/** The message command in an interaction payload, or undefined for anything else. */
export function readMessageCommand(interaction: APIInteraction): MessageCommandRequest | undefined {
  if (interaction.type !== InteractionType.ApplicationCommand) return undefined;
  const { data } = interaction;
  if (data.type !== ApplicationCommandType.Message || data.name !== messageCommandName) return undefined;
  const target: APIMessage | undefined = data.resolved?.messages?.[data.target_id];
  const user = interaction.member?.user ?? interaction.user;
  const channel = interaction.channel;
  if (!target || typeof target.id !== "string" || !user || !channel) return undefined;
  return {
    interactionId: interaction.id,
    token: interaction.token,
    applicationId: interaction.application_id,
    author: { id: user.id, name: interaction.member?.nick ?? user.global_name ?? user.username },
    guildId: interaction.guild_id,
    channelId: channel.id,
    channel: {
      type: channel.type,
      parentId: "parent_id" in channel && typeof channel.parent_id === "string" ? channel.parent_id : null,
    },
    target: {
      id: target.id,
      text: contentWithForwards(target),
      authorName: target.author?.global_name ?? target.author?.username ?? "someone",
    },
    botPresent: botIsPresent(interaction),
  };
}

/**
 * Whether the bot can post where a command was used. A user-installed command runs wherever its user is:
 * in a server the bot was never added to (no guild install among `authorizing_integration_owners`) or in a
 * private channel (`context` 2: a group DM or a DM between people). There only the interaction's own
 * responses reach the channel, for 15 minutes and, for a user install, five follow-ups
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages), too few
 * and too short for an answer that streams and may be retried; rte answers in the user's DM instead.
 */
export function botIsPresent(interaction: APIInteraction): boolean {
  if (interaction.context === InteractionContextType.PrivateChannel) return false;
  if (interaction.context === InteractionContextType.BotDM || interaction.guild_id === undefined) return true;
  const owners = interaction.authorizing_integration_owners ?? {};
  // Older payloads without the map come from guild installs, the only kind there was.
  if (Object.keys(owners).length === 0) return true;
  return owners[ApplicationIntegrationType.GuildInstall] !== undefined;
}

/**
 * The Ask for the message command where the bot is present: in a channel, a thread is started from the
 * target message (its id is the thread's id, as for a mention); in a thread or a DM, the answer comes
 * right there. The interaction's id names the Ask: the same message may be asked about more than once.
 */
export function messageCommandAsk(request: MessageCommandRequest, receivedAt: number): Ask {
  return {
    id: askId("discord", "about", request.interactionId),
    conversation: messageCommandConversation(request),
    messageId: request.target.id,
    author: request.author,
    text: questionAbout(request.target),
    trigger: "command",
    receivedAt,
  };
}

function messageCommandConversation(request: MessageCommandRequest): ConversationRef {
  const place = commandPlace({ ...request, question: "" });
  const staysHere = place.workspace === directMessageWorkspace || threadTypes.has(request.channel.type);
  return { platform: "discord", ...place, thread: staysHere ? request.channelId : request.target.id };
}

/** What the model is asked: the target message first (it names the thread), then what to do with it. */
export function questionAbout(target: { text: string; authorName: string }): string {
  const text = target.text.trim();
  const cut =
    text.length > maxQuoted ? `${text.slice(0, maxQuoted)}\n[… cut at ${maxQuoted} characters]` : text;
  return [
    cut === "" ? "(a message with no text)" : cut,
    "",
    `(Asked about the message above, from ${target.authorName}: answer what it asks, or explain it and say what you would do about it.)`,
  ].join("\n");
}
