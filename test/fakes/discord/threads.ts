import type { APIThreadChannel } from "discord.js";
import { DiscordApiError, invalidFormBody } from "./api-error.js";
import { findMessage } from "./messages.js";
import { channelOrThrow, messagesIn, noFlags, type StoredMessage, type World } from "./world.js";

/**
 * Threads, the two ways a bot starts them. From a message: the thread's id is the message's id, so one thread
 * per message, and the thread opens with a THREAD_STARTER_MESSAGE (type 21) that only references the source
 * message. Without a message: a new id, PRIVATE_THREAD unless `type` says otherwise.
 * https://discord.com/developers/docs/resources/channel#start-thread-from-message
 * https://discord.com/developers/docs/topics/threads
 */
interface ThreadBody {
  name?: unknown;
  auto_archive_duration?: unknown;
  type?: unknown;
  invitable?: unknown;
}

const archiveDurations = [60, 1440, 4320, 10080];

export function startThreadFromMessage(world: World, channelId: string, messageId: string, body: ThreadBody) {
  const parent = channelOrThrow(world, channelId);
  // The fake has no announcement or forum channels, so only GUILD_TEXT → PUBLIC_THREAD.
  if (parent.type !== 0) throw new DiscordApiError(400, 50024, "Cannot execute action on this channel type");
  const source = findMessage(world, channelId, messageId);
  if (world.channels.has(source.id)) {
    throw new DiscordApiError(400, 160004, "A thread has already been created for this message");
  }
  const thread = makeThread(world, source.id, parent.id, 11, body);
  world.channels.set(thread.id, thread);
  source.thread = thread;
  source.flags = ((source.flags ?? 0) | 32) as never; // HAS_THREAD
  const starter: StoredMessage = {
    id: world.nextId(),
    channel_id: thread.id,
    guild_id: world.guildId,
    author: source.author,
    content: "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 21,
    flags: noFlags,
    components: [],
    message_reference: { type: 0, message_id: source.id, channel_id: parent.id, guild_id: world.guildId },
    referenced_message: source,
  };
  // Not counted in message_count ("not including the initial message"), so not through storeMessage.
  messagesIn(world, thread.id).push(starter);
  return thread;
}

export function startThread(world: World, channelId: string, body: ThreadBody): APIThreadChannel {
  const parent = channelOrThrow(world, channelId);
  if (parent.type !== 0) throw new DiscordApiError(400, 50024, "Cannot execute action on this channel type");
  const type = body.type ?? 12;
  if (type !== 11 && type !== 12) {
    throw invalidFormBody("type", "BASE_TYPE_CHOICES", "Value must be one of {11, 12}.");
  }
  const thread = makeThread(world, world.nextId(), parent.id, type, body);
  world.channels.set(thread.id, thread);
  return thread;
}

function makeThread(
  world: World,
  id: string,
  parentId: string,
  type: 11 | 12,
  body: ThreadBody,
): APIThreadChannel {
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (name.length < 1 || name.length > 100) {
    throw invalidFormBody("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
  const autoArchiveDuration = body.auto_archive_duration ?? 4320;
  if (typeof autoArchiveDuration !== "number" || !archiveDurations.includes(autoArchiveDuration)) {
    throw invalidFormBody(
      "auto_archive_duration",
      "BASE_TYPE_CHOICES",
      "Value must be one of {60, 1440, 4320, 10080}.",
    );
  }
  const now = new Date().toISOString();
  return {
    id,
    type,
    guild_id: world.guildId,
    parent_id: parentId,
    owner_id: world.botUser.id,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: noFlags,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: autoArchiveDuration as 60 | 1440 | 4320 | 10080,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(type === 12 ? { invitable: body.invitable !== false } : {}),
    },
    member: { id, user_id: world.botUser.id, join_timestamp: now, flags: noFlags },
  };
}
