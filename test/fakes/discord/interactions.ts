import { randomBytes } from "node:crypto";
import type {
  APIChatInputApplicationCommandInteraction,
  APIEmbed,
  APIMessageApplicationCommandInteraction,
  Locale,
} from "discord.js";
import { DiscordApiError, unknownMessage, unknownWebhook } from "./api-error.js";
import type { AllowedMentions } from "./message-rules.js";
import { attachmentsFromFiles, createMessage, findMessage } from "./messages.js";
import type { MessageCommandOptions, RecordedFile, SlashCommandOptions } from "./types.js";
import {
  botPermissions,
  channelOrThrow,
  guildIdOf,
  memberFor,
  type StoredInteraction,
  type StoredMessage,
  userFor,
  type World,
} from "./world.js";

/**
 * Application-command interactions: the INTERACTION_CREATE payload a slash command produces, and the
 * messages its responses become (type 20, sent "by" the app's webhook).
 * https://discord.com/developers/docs/interactions/receiving-and-responding
 */

/** "You must send an initial response within 3 seconds"; the token then lives 15 minutes. */
export const initialResponseDeadlineMs = 3_000;
export const interactionTokenLifetimeMs = 15 * 60_000;
export const ephemeral = 1 << 6;
const loading = 1 << 7;

export function createSlashCommand(
  world: World,
  options: SlashCommandOptions,
): { stored: StoredInteraction; payload: APIChatInputApplicationCommandInteraction } {
  const channel = channelOrThrow(world, options.channelId ?? world.channelId);
  const guildId = guildIdOf(world, channel);
  const user = userFor(world, options.userId ?? world.humanUser.id);
  const id = world.nextId();
  // Real tokens are base64 of "interaction:<id>:<secret>".
  const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString("base64url")}`).toString(
    "base64url",
  );
  const command = [...world.guildCommands, ...world.globalCommands].find(
    (known) => known.name === options.name,
  );
  const locale = "en-US" as Locale;
  const payload = {
    id,
    application_id: world.applicationId,
    type: 2,
    token,
    version: 1,
    data: {
      id: command?.id ?? world.nextId(),
      name: options.name,
      type: 1,
      options: options.options,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    },
    channel: { ...channel },
    channel_id: channel.id,
    app_permissions: botPermissions,
    locale,
    entitlements: [],
    // GUILD_INSTALL (0) → the guild's id, or "0" in a DM with the bot.
    authorizing_integration_owners: options.userInstallOnly ? { "1": user.id } : { "0": guildId ?? "0" },
    attachment_size_limit: 10 * 1024 * 1024,
    ...(guildId === undefined
      ? { user, context: 1 }
      : {
          guild_id: guildId,
          guild: { id: guildId, locale, features: [] },
          guild_locale: locale,
          member: { ...memberFor(world, user), permissions: "1071698660929" },
          context: 0,
        }),
  } as APIChatInputApplicationCommandInteraction;
  const stored: StoredInteraction = {
    id,
    token,
    channelId: channel.id,
    guildId,
    user,
    commandName: options.name,
    createdAt: Date.now(),
    responseType: undefined,
    original: undefined,
    followUps: [],
  };
  world.interactions.set(id, stored);
  return { stored, payload };
}

/**
 * A message command (APPLICATION_COMMAND with `data.type` 3): `target_id` and the target in
 * `data.resolved.messages`, as the user who right-clicked it sees it.
 * https://discord.com/developers/docs/interactions/application-commands#message-commands
 */
export function createMessageCommand(
  world: World,
  options: MessageCommandOptions,
): { stored: StoredInteraction; payload: APIMessageApplicationCommandInteraction } {
  const channelId = options.channelId ?? world.channelId;
  const target = findMessage(world, channelId, options.targetMessageId);
  const { stored, payload } = createSlashCommand(world, {
    name: options.name,
    options: [],
    channelId,
    ...(options.userId === undefined ? {} : { userId: options.userId }),
  });
  const { allowed_mentions: _allowed, guild_id: _guild, ...resolved } = target;
  const command = [...world.guildCommands, ...world.globalCommands].find(
    (known) => known.name === options.name,
  );
  const data = {
    id: command?.id ?? world.nextId(),
    name: options.name,
    type: 3,
    target_id: target.id,
    resolved: { messages: { [target.id]: resolved } },
  };
  const owners = options.userInstallOnly ? { "1": stored.user.id } : payload.authorizing_integration_owners;
  return {
    stored,
    payload: {
      ...payload,
      data,
      authorizing_integration_owners: owners,
    } as unknown as APIMessageApplicationCommandInteraction,
  };
}

/** The interaction whose webhook `applicationId/token` names; 10015 when there is none. */
export function interactionByToken(world: World, applicationId: string, token: string): StoredInteraction {
  const interaction = [...world.interactions.values()].find((candidate) => candidate.token === token);
  if (applicationId !== world.applicationId || !interaction) throw unknownWebhook();
  if (Date.now() - interaction.createdAt > interactionTokenLifetimeMs) {
    throw new DiscordApiError(401, 50027, "Invalid Webhook Token");
  }
  return interaction;
}

/** `@original` or a follow-up's id. */
export function interactionMessage(interaction: StoredInteraction, messageId: string): StoredMessage {
  const message =
    messageId === "@original"
      ? interaction.original
      : interaction.followUps.find((followUp) => followUp.id === messageId);
  if (!message) throw unknownMessage();
  return message;
}

export function createResponseMessage(
  world: World,
  interaction: StoredInteraction,
  body: Record<string, unknown>,
  files: RecordedFile[],
  deferred: boolean,
): StoredMessage {
  const flags = (typeof body.flags === "number" ? body.flags : 0) | (deferred ? loading : 0);
  return createMessage(world, {
    channelId: interaction.channelId,
    author: world.botUser,
    content: typeof body.content === "string" ? body.content : "",
    type: 20, // CHAT_INPUT_COMMAND
    flags,
    webhookId: world.applicationId,
    ...(Array.isArray(body.embeds) ? { embeds: body.embeds as APIEmbed[] } : {}),
    ...(Array.isArray(body.components) ? { components: body.components } : {}),
    attachments: attachmentsFromFiles(world, interaction.channelId, files, body.attachments),
    ...(body.allowed_mentions === undefined
      ? {}
      : { allowedMentions: body.allowed_mentions as AllowedMentions }),
    extra: {
      application_id: world.applicationId,
      interaction_metadata: {
        id: interaction.id,
        type: 2,
        user: interaction.user,
        authorizing_integration_owners: { "0": interaction.guildId ?? "0" },
      },
      interaction: { id: interaction.id, type: 2, name: interaction.commandName, user: interaction.user },
    },
  });
}

export function isEphemeral(message: StoredMessage): boolean {
  return ((message.flags ?? 0) & ephemeral) !== 0;
}
