import {
  type APIInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionType,
} from "@discordjs/core/http-only";
import { type Ask, askId, type ConversationRef } from "../../core/ask.js";
import { type ChannelFacts, directMessageWorkspace, threadTypes } from "./message-ask.js";
import { isWellFormedInteraction } from "./payload-shape.js";

/** The slash command rte registers: `/rte question:<text>`. */
export const commandName = "rte";
export const questionOptionName = "question";

/**
 * A `/rte` invocation, read from INTERACTION_CREATE. The token is the edge's to answer with and never goes
 * further: it stays out of the Ask, the queue and Redis.
 */
export interface CommandRequest {
  interactionId: string;
  token: string;
  applicationId: string;
  question: string;
  author: { id: string; name: string };
  guildId: string | undefined;
  channelId: string;
  channel: ChannelFacts;
}

/** The `/rte` invocation in an interaction payload, or undefined for anything else (other commands, buttons…). */
export function readCommand(interaction: APIInteraction): CommandRequest | undefined {
  if (!isWellFormedInteraction(interaction)) return undefined;
  if (interaction.type !== InteractionType.ApplicationCommand) return undefined;
  const { data } = interaction;
  if (data.type !== ApplicationCommandType.ChatInput || data.name !== commandName) return undefined;
  const option = data.options?.find(
    (candidate) =>
      candidate.name === questionOptionName && candidate.type === ApplicationCommandOptionType.String,
  );
  const question = option && "value" in option && typeof option.value === "string" ? option.value : "";
  const user = interaction.member?.user ?? interaction.user;
  const channel = interaction.channel;
  if (!user || !channel) return undefined;
  return {
    interactionId: interaction.id,
    token: interaction.token,
    applicationId: interaction.application_id,
    question: question.trim(),
    author: { id: user.id, name: interaction.member?.nick ?? user.global_name ?? user.username },
    guildId: interaction.guild_id,
    channelId: channel.id,
    channel: {
      type: channel.type,
      parentId: "parent_id" in channel && typeof channel.parent_id === "string" ? channel.parent_id : null,
    },
  };
}

/**
 * The ordinary Ask a command becomes once the edge has shown the question as the response message
 * `echoMessageId`. In a channel the conversation continues in the thread started from that message, as
 * for a mention; in a thread or a DM it continues right there.
 */
export function commandAsk(request: CommandRequest, echoMessageId: string, receivedAt: number): Ask {
  return {
    id: askId("discord", echoMessageId),
    conversation: commandConversation(request, echoMessageId),
    messageId: echoMessageId,
    author: request.author,
    text: request.question,
    trigger: "command",
    receivedAt,
  };
}

function commandConversation(request: CommandRequest, echoMessageId: string): ConversationRef {
  const place = commandPlace(request);
  const staysHere = place.workspace === directMessageWorkspace || threadTypes.has(request.channel.type);
  // In a thread or DM the conversation is that one; in a channel, the thread started from the response.
  return { platform: "discord", ...place, thread: staysHere ? request.channelId : echoMessageId };
}

/** Where the command was used, as the allowlist and rate limits see it: a thread counts as its parent. */
export function commandPlace(request: CommandRequest): Pick<ConversationRef, "workspace" | "channel"> {
  const { guildId, channelId, channel } = request;
  if (guildId === undefined || channel.type === ChannelType.DM) {
    return { workspace: directMessageWorkspace, channel: channelId };
  }
  if (threadTypes.has(channel.type)) return { workspace: guildId, channel: channel.parentId ?? channelId };
  return { workspace: guildId, channel: channelId };
}

/**
 * What the response message shows: the question, quoted, so the thread reads as question then answer.
 * Discord prints "Mason used /rte" above it. Cut to fit one message; the Ask keeps the whole question.
 */
export function questionEcho(question: string, limit = 2_000): string {
  const quoted = question
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  if (quoted.length <= limit) return quoted;
  let end = limit - 1;
  // Never cut between the two halves of a surrogate pair (an emoji).
  if (/[\uDC00-\uDFFF]/.test(quoted[end] ?? "")) end -= 1;
  return `${quoted.slice(0, end).trimEnd()}…`;
}

/** The question back from a response message written by `questionEcho` (cut if it was long). */
export function questionFromEcho(content: string): string {
  return content
    .split("\n")
    .map((line) => line.replace(/^> ?/, ""))
    .join("\n")
    .trim();
}
