import type {
  APIApplication,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
  Locale,
  RESTGetAPIGatewayBotResult,
} from "discord.js";
import { guildIdOf, memberFor, noFlags, roles, threadsOf, type World } from "./world.js";

/**
 * The large objects Discord sends about the app itself: READY, GUILD_CREATE, the application and gateway
 * info. discord.js builds its caches from these, so they carry every field the real ones do.
 */

/** Application flag GATEWAY_MESSAGE_CONTENT (1 << 19): the intent is enabled in the Developer Portal. */
const gatewayMessageContent = 1 << 19;

export function applicationFlags(world: World): number {
  return world.messageContentIntentAllowed ? gatewayMessageContent : 0;
}

export function gatewayBot(world: World): RESTGetAPIGatewayBotResult {
  return {
    url: gatewayUrl(world),
    shards: 1,
    session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
  };
}

export function gatewayUrl(world: World): string {
  return world.origin.replace(/^http/, "ws");
}

// https://discord.com/developers/docs/events/gateway-events#ready
export function readyPayload(
  world: World,
  sessionId: string,
  shard: [number, number],
): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...world.botUser, verified: true, mfa_enabled: false },
    guilds: [{ id: world.guildId, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: gatewayUrl(world),
    shard,
    application: {
      id: world.applicationId,
      flags: applicationFlags(world),
      flags_new: String(applicationFlags(world)),
    },
  };
}

// https://discord.com/developers/docs/events/gateway-events#guild-create
export function guildCreatePayload(world: World): GatewayGuildCreateDispatchData {
  const guildChannels = [...world.channels.values()].filter(
    (channel) => guildIdOf(world, channel) !== undefined && ![10, 11, 12].includes(channel.type),
  );
  return {
    id: world.guildId,
    name: "rte test guild",
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: world.humanUser.id,
    region: "",
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: roles(world),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: world.channelId,
    system_channel_flags: noFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US" as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    // Gateway-only fields.
    joined_at: world.createdAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [memberFor(world, world.botUser), memberFor(world, world.humanUser)],
    channels: guildChannels.map((channel) => ({ ...channel })) as GatewayGuildCreateDispatchData["channels"],
    threads: threadsOf(world).map((thread) => ({ ...thread })),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

// https://discord.com/developers/docs/events/gateway-events#guild-members-chunk
export function membersChunk(world: World, request: unknown) {
  const {
    query,
    user_ids: userIds,
    nonce,
  } = (request ?? {}) as { query?: string; user_ids?: string | string[]; nonce?: string };
  const wanted = userIds === undefined ? undefined : [userIds].flat();
  const users = [world.botUser, world.humanUser].filter((user) =>
    wanted ? wanted.includes(user.id) : user.username.startsWith(query ?? ""),
  );
  const notFound = wanted?.filter((id) => !users.some((user) => user.id === id)) ?? [];
  return {
    guild_id: world.guildId,
    members: users.map((user) => memberFor(world, user)),
    chunk_index: 0,
    chunk_count: 1,
    ...(notFound.length > 0 ? { not_found: notFound } : {}),
    ...(nonce === undefined ? {} : { nonce }),
  };
}

// https://discord.com/developers/docs/resources/application#application-object
export function applicationPayload(world: World): APIApplication {
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: "",
    bot_public: false,
    bot_require_code_grant: false,
    bot: world.botUser,
    verify_key: "0".repeat(64),
    owner: world.humanUser,
    team: null,
    summary: "",
    flags: applicationFlags(world),
    flags_new: String(applicationFlags(world)),
    approximate_guild_count: 1,
    redirect_uris: [],
    interactions_endpoint_url: null,
  };
}
