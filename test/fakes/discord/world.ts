import type {
  APIApplicationCommand,
  APIDMChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
} from "discord.js";
import { unknownChannel } from "./api-error.js";
import { createSnowflakes, snowflakeAt } from "./snowflake.js";

/**
 * Everything the fake Discord knows: one bot, one human, one guild with one text channel, a DM channel
 * between them, the threads and messages created since, open interactions and registered commands.
 * Plain data; routes and the gateway read and change it.
 */
export type StoredMessage = APIMessage & { guild_id?: string; allowed_mentions?: unknown };
export type StoredChannel = APITextChannel | APIDMChannel | APIThreadChannel;

export interface StoredInteraction {
  id: string;
  token: string;
  channelId: string;
  guildId: string | undefined;
  user: APIUser;
  commandName: string;
  /** Interaction type: 2 application command (when absent), 3 message component, 5 modal submit. */
  type?: number;
  createdAt: number;
  /** The callback type once acknowledged (4 message, 5 deferred, 6 deferred update, 9 modal, ...). */
  responseType: number | undefined;
  /** The modal a type-9 response opened (its `data`). */
  modal?: unknown;
  original: StoredMessage | undefined;
  followUps: StoredMessage[];
}

export interface World {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly humanUser: APIUser;
  readonly guildId: string;
  readonly channelId: string;
  readonly dmChannelId: string;
  readonly botRoleId: string;
  readonly createdAt: string;
  readonly messageContentIntentAllowed: boolean;
  /** `http://127.0.0.1:PORT`, set once the server listens. */
  origin: string;
  nextId(): string;
  users: Map<string, APIUser>;
  channels: Map<string, StoredChannel>;
  messages: Map<string, StoredMessage[]>;
  interactions: Map<string, StoredInteraction>;
  globalCommands: APIApplicationCommand[];
  guildCommands: APIApplicationCommand[];
  attachments: Map<string, { data: Buffer; contentType: string }>;
}

/** 0 for the bit-flag fields (`flags`, `public_flags`): discord-api-types' flag enums have no 0 member. */
export const noFlags = 0 as never;

// https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
const permissionBits = {
  addReactions: 1n << 6n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  useApplicationCommands: 1n << 31n,
  createPublicThreads: 1n << 35n,
  createPrivateThreads: 1n << 36n,
  sendMessagesInThreads: 1n << 38n,
};
/** What the bot's role grants: enough to read, reply, attach files and start threads; nothing to moderate. */
export const botPermissions = Object.values(permissionBits)
  .reduce((all, bit) => all | bit, 0n)
  .toString();

export function createWorld(options: { messageContentIntentAllowed: boolean }): World {
  // Fixed, realistic ids (minted 2024-01-01) so test output is stable; application id == bot user id, as for
  // every bot created since 2016.
  const at = Date.parse("2024-01-01T00:00:00.000Z");
  const [botId, humanId, guildId, channelId, dmChannelId, botRoleId] = [0, 1, 2, 3, 4, 5].map((n) =>
    snowflakeAt(at, n),
  ) as [string, string, string, string, string, string];
  const botUser = makeUser(botId, "rte", true);
  const humanUser = makeUser(humanId, "alice", false);
  const createdAt = new Date(at).toISOString();
  const textChannel: APITextChannel = {
    id: channelId,
    type: 0,
    guild_id: guildId,
    name: "general",
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_auto_archive_duration: 4320,
    flags: noFlags,
  };
  const dmChannel: APIDMChannel = {
    id: dmChannelId,
    type: 1,
    name: null,
    last_message_id: null,
    recipients: [humanUser],
    flags: noFlags,
  };
  return {
    // Shaped like a real token (base64 user id . timestamp . hmac) so token parsers do not choke.
    token: `${Buffer.from(botId).toString("base64url")}.FAKE00.fake-discord-token-for-loopback-tests`,
    applicationId: botId,
    botUser,
    humanUser,
    guildId,
    channelId,
    dmChannelId,
    botRoleId,
    createdAt,
    messageContentIntentAllowed: options.messageContentIntentAllowed,
    origin: "",
    nextId: createSnowflakes(),
    users: new Map([
      [botId, botUser],
      [humanId, humanUser],
    ]),
    channels: new Map<string, StoredChannel>([
      [channelId, textChannel],
      [dmChannelId, dmChannel],
    ]),
    messages: new Map(),
    interactions: new Map(),
    globalCommands: [],
    guildCommands: [],
    attachments: new Map(),
  };
}

export function makeUser(id: string, username: string, bot: boolean): APIUser {
  return {
    id,
    username,
    discriminator: bot ? "0000" : "0",
    global_name: bot ? null : username,
    avatar: null,
    ...(bot ? { bot: true } : {}),
    flags: noFlags,
    public_flags: noFlags,
  };
}

/** A known user, or a new human (or bot) with a made-up name for an id a test invented. */
export function userFor(world: World, id: string, bot = false): APIUser {
  const known = world.users.get(id);
  if (known) return known;
  const user = makeUser(id, `user-${id.slice(-4)}`, bot);
  world.users.set(id, user);
  return user;
}

export function memberFor(world: World, user: APIUser): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: user.id === world.botUser.id ? [world.botRoleId] : [],
    joined_at: world.createdAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function channelOrThrow(world: World, channelId: string): StoredChannel {
  const channel = world.channels.get(channelId);
  if (!channel) throw unknownChannel();
  return channel;
}

export function guildIdOf(world: World, channel: StoredChannel): string | undefined {
  return channel.type === 1 ? undefined : world.guildId;
}

export function messagesIn(world: World, channelId: string): StoredMessage[] {
  let list = world.messages.get(channelId);
  if (!list) {
    list = [];
    world.messages.set(channelId, list);
  }
  return list;
}

export function threadsOf(world: World): APIThreadChannel[] {
  return [...world.channels.values()].filter((channel): channel is APIThreadChannel =>
    [10, 11, 12].includes(channel.type),
  );
}

export function roles(world: World): APIRole[] {
  const role = (id: string, name: string, position: number, managed: boolean): APIRole => ({
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: managed ? botPermissions : "1071698660929",
    managed,
    mentionable: false,
    flags: noFlags,
    ...(managed ? { tags: { bot_id: world.botUser.id } } : {}),
  });
  return [role(world.guildId, "@everyone", 0, false), role(world.botRoleId, world.botUser.username, 1, true)];
}
