import type { APIAttachment, APIEmbed, APIUser } from "discord.js";
import { DiscordApiError, invalidFormBody, unknownMessage } from "./api-error.js";
import { type AllowedMentions, applyMentions, validateMessageBody } from "./message-rules.js";
import { compareSnowflakes, timestampOf } from "./snowflake.js";
import type { RecordedFile } from "./types.js";
import { channelOrThrow, guildIdOf, messagesIn, noFlags, type StoredMessage, type World } from "./world.js";

/**
 * Messages: minting them the way Discord does (mentions honour `allowed_mentions`), the limits Discord
 * enforces, and the view a reader gets (REST or a gateway session, with or without the Message Content
 * intent).
 */
export interface MessageInput {
  channelId: string;
  author: APIUser;
  content: string;
  type?: number;
  embeds?: APIEmbed[];
  components?: unknown[];
  attachments?: APIAttachment[];
  flags?: number;
  webhookId?: string;
  /** Undefined: Discord's default, every written mention pings. */
  allowedMentions?: AllowedMentions;
  /** Users mentioned without `<@id>` in the content (a test's `mentionsBot`). */
  extraMentions?: APIUser[];
  referencedMessageId?: string;
  nonce?: string | number;
  extra?: Partial<StoredMessage>;
}

export function createMessage(world: World, input: MessageInput): StoredMessage {
  const channel = channelOrThrow(world, input.channelId);
  const guildId = guildIdOf(world, channel);
  const referenced = input.referencedMessageId
    ? findMessage(world, input.channelId, input.referencedMessageId)
    : undefined;
  const message: StoredMessage = {
    id: world.nextId(),
    channel_id: input.channelId,
    author: input.author,
    content: input.content,
    timestamp: "",
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: input.attachments ?? [],
    embeds: input.embeds ?? [],
    pinned: false,
    type: input.type ?? (referenced ? 19 : 0),
    flags: input.flags ?? noFlags,
    components: (input.components ?? []) as NonNullable<StoredMessage["components"]>,
    ...(guildId === undefined ? {} : { guild_id: guildId }),
    ...(input.webhookId === undefined ? {} : { webhook_id: input.webhookId }),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.allowedMentions === undefined ? {} : { allowed_mentions: input.allowedMentions }),
    ...(referenced
      ? {
          message_reference: {
            type: 0,
            message_id: referenced.id,
            channel_id: referenced.channel_id,
            ...(guildId === undefined ? {} : { guild_id: guildId }),
          },
          referenced_message: referenced,
        }
      : {}),
  };
  Object.assign(message, input.extra);
  message.timestamp = timestampOf(message.id);
  applyMentions(world, message, input.allowedMentions, input.extraMentions ?? []);
  return message;
}

/** Appends a message to its channel, keeping the counters discord.js and readers look at. */
export function storeMessage(world: World, message: StoredMessage): void {
  messagesIn(world, message.channel_id).push(message);
  const channel = world.channels.get(message.channel_id);
  if (!channel) return;
  channel.last_message_id = message.id;
  if ("message_count" in channel) {
    channel.message_count = (channel.message_count ?? 0) + 1;
    channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
  }
}

export function findMessage(world: World, channelId: string, messageId: string): StoredMessage {
  channelOrThrow(world, channelId);
  const message = messagesIn(world, channelId).find((candidate) => candidate.id === messageId);
  if (!message) throw unknownMessage();
  return message;
}

const loading = 1 << 7;

/** Edits an existing message in place (Edit Message, or an interaction webhook's PATCH); all or nothing. */
export function applyEdit(
  world: World,
  message: StoredMessage,
  body: Record<string, unknown>,
  files: RecordedFile[],
): void {
  validateMessageBody(body, files.length, false);
  const next = {
    content:
      typeof body.content === "string" || body.content === null ? (body.content ?? "") : message.content,
    embeds: Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : message.embeds,
    components: Array.isArray(body.components) ? body.components : (message.components ?? []),
    attachments: message.attachments,
  };
  if (Array.isArray(body.attachments)) {
    // `attachments` lists the ones to keep; new files are added to them.
    const keptIds = (body.attachments as Array<{ id?: unknown }>).map((attachment) => String(attachment.id));
    next.attachments = message.attachments.filter((attachment) => keptIds.includes(attachment.id));
  }
  const empty = !next.content && next.embeds.length + next.components.length + next.attachments.length === 0;
  if (empty && files.length === 0) throw new DiscordApiError(400, 50006, "Cannot send an empty message");
  Object.assign(message, next, {
    attachments: [...next.attachments, ...attachmentsFromFiles(world, message.channel_id, files, [])],
  });
  if (body.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions;
  applyMentions(world, message, message.allowed_mentions as AllowedMentions | undefined, []);
  // The first edit of a deferred interaction response only clears LOADING; later edits are edits.
  if ((message.flags ?? 0) & loading) message.flags = ((message.flags ?? 0) & ~loading) as never;
  else message.edited_timestamp = new Date().toISOString();
}

export function attachmentsFromFiles(
  world: World,
  channelId: string,
  files: RecordedFile[],
  described: unknown,
): APIAttachment[] {
  const descriptions = Array.isArray(described) ? (described as Array<{ description?: string }>) : [];
  return files.map((file, index) => {
    const id = world.nextId();
    const url = `${world.origin}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    world.attachments.set(id, { data: file.data, contentType: file.contentType });
    const description = descriptions[index]?.description;
    return {
      id,
      filename: file.filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(description === undefined ? {} : { description }),
    };
  });
}

/** The message as a reader gets it. Without the intent, content-bearing fields are emptied (DMs, mentions and
 * the app's own messages excepted): https://discord.com/developers/docs/events/gateway#message-content-intent */
export function viewMessage(
  world: World,
  message: StoredMessage,
  reader: { messageContent: boolean; gateway: boolean },
): StoredMessage {
  const { allowed_mentions: _allowed, guild_id: guildId, ...rest } = message;
  const view: StoredMessage = {
    ...rest,
    ...(reader.gateway && guildId !== undefined ? { guild_id: guildId } : {}),
  };
  const visible =
    reader.messageContent ||
    message.author.id === world.botUser.id ||
    guildId === undefined ||
    message.mentions.some((user) => user.id === world.botUser.id);
  if (!visible) Object.assign(view, { content: "", embeds: [], attachments: [], components: [] });
  if (message.referenced_message)
    view.referenced_message = viewMessage(world, message.referenced_message, reader);
  return view;
}

/** A REST response's view: content visible when the intent is enabled in the portal. */
export function restView(world: World, message: StoredMessage): StoredMessage {
  return viewMessage(world, message, { messageContent: world.messageContentIntentAllowed, gateway: false });
}

// https://discord.com/developers/docs/resources/message#get-channel-messages
export function listMessages(world: World, channelId: string, query: URLSearchParams): StoredMessage[] {
  channelOrThrow(world, channelId);
  const limit = Number(query.get("limit") ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidFormBody("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 100.");
  }
  const newestFirst = [...messagesIn(world, channelId)].sort((left, right) =>
    compareSnowflakes(right.id, left.id),
  );
  const before = query.get("before");
  const after = query.get("after");
  const around = query.get("around");
  if (after) {
    const newer = newestFirst.filter((message) => compareSnowflakes(message.id, after) > 0);
    return newer.slice(Math.max(0, newer.length - limit));
  }
  if (before)
    return newestFirst.filter((message) => compareSnowflakes(message.id, before) < 0).slice(0, limit);
  if (around) {
    const index = newestFirst.findIndex((message) => compareSnowflakes(message.id, around) <= 0);
    const start = Math.max(0, (index === -1 ? newestFirst.length : index) - Math.floor(limit / 2));
    return newestFirst.slice(start, start + limit);
  }
  return newestFirst.slice(0, limit);
}
