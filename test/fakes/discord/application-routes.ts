import type { APIApplicationCommand, APIDMChannel } from "discord.js";
import { DiscordApiError, invalidFormBody } from "./api-error.js";
import { param, type Route } from "./http.js";
import { applicationPayload, gatewayBot, gatewayUrl, guildCreatePayload } from "./payloads.js";
import { memberFor, noFlags, type World } from "./world.js";

/**
 * Who the bot is, where the gateway is, the guild, DMs and application commands.
 * https://discord.com/developers/docs/resources/user, .../resources/application, .../events/gateway#get-gateway-bot
 * https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
 */
export function applicationRoutes(world: World): Route[] {
  const bot = "bot" as const;
  const guildOrThrow = (guildId: string) => {
    if (guildId !== world.guildId) throw new DiscordApiError(404, 10004, "Unknown Guild");
  };
  const applicationOrThrow = (applicationId: string) => {
    if (applicationId !== world.applicationId) throw new DiscordApiError(404, 10002, "Unknown Application");
  };
  return [
    {
      method: "GET",
      path: "/gateway",
      auth: "none",
      handle: () => ({ status: 200, body: { url: gatewayUrl(world) } }),
    },
    {
      method: "GET",
      path: "/gateway/bot",
      auth: bot,
      handle: () => ({ status: 200, body: gatewayBot(world) }),
    },
    { method: "GET", path: "/users/@me", auth: bot, handle: () => ({ status: 200, body: me(world) }) },
    {
      method: "GET",
      path: "/users/:userId",
      auth: bot,
      handle: ({ params }) => {
        const user = world.users.get(param(params, "userId"));
        if (!user) throw new DiscordApiError(404, 10013, "Unknown User");
        return { status: 200, body: user };
      },
    },
    {
      method: "POST",
      path: "/users/@me/channels",
      auth: bot,
      handle: ({ body }) => ({ status: 200, body: openDm(world, String(body.recipient_id ?? "")) }),
    },
    {
      method: "GET",
      path: "/applications/@me",
      auth: bot,
      handle: () => ({ status: 200, body: applicationPayload(world) }),
    },
    {
      method: "GET",
      path: "/guilds/:guildId",
      auth: bot,
      handle: ({ params }) => {
        guildOrThrow(param(params, "guildId"));
        const {
          channels,
          threads,
          members,
          voice_states,
          presences,
          joined_at,
          large,
          member_count,
          ...guild
        } = guildCreatePayload(world);
        return { status: 200, body: guild };
      },
    },
    {
      method: "GET",
      path: "/guilds/:guildId/members/:userId",
      auth: bot,
      handle: ({ params }) => {
        guildOrThrow(param(params, "guildId"));
        const user = world.users.get(param(params, "userId"));
        if (!user) throw new DiscordApiError(404, 10007, "Unknown Member");
        return { status: 200, body: memberFor(world, user) };
      },
    },
    ...(["global", "guild"] as const).flatMap((scope): Route[] => {
      const path =
        scope === "global"
          ? "/applications/:applicationId/commands"
          : "/applications/:applicationId/guilds/:guildId/commands";
      const check = (params: Record<string, string>) => {
        applicationOrThrow(param(params, "applicationId"));
        if (scope === "guild") guildOrThrow(param(params, "guildId"));
      };
      const list = () => (scope === "global" ? world.globalCommands : world.guildCommands);
      return [
        {
          method: "GET",
          path,
          auth: bot,
          handle: ({ params }) => {
            check(params);
            return { status: 200, body: list() };
          },
        },
        {
          method: "PUT",
          path,
          auth: bot,
          handle: ({ params, json }) => {
            check(params);
            const commands = overwriteCommands(
              world,
              list(),
              json,
              scope === "guild" ? world.guildId : undefined,
            );
            if (scope === "global") world.globalCommands = commands;
            else world.guildCommands = commands;
            return { status: 200, body: commands };
          },
        },
      ];
    }),
  ];
}

function me(world: World) {
  return { ...world.botUser, verified: true, mfa_enabled: false, locale: "en-US", email: null };
}

function openDm(world: World, recipientId: string): APIDMChannel {
  const recipient = world.users.get(recipientId);
  if (!recipient) throw invalidFormBody("recipient_id", "USER_NOT_FOUND", "Unknown user");
  const existing = [...world.channels.values()].find(
    (channel): channel is APIDMChannel => channel.type === 1 && channel.recipients?.[0]?.id === recipientId,
  );
  if (existing) return existing;
  const channel: APIDMChannel = {
    id: world.nextId(),
    type: 1,
    name: null,
    last_message_id: null,
    recipients: [recipient],
    flags: noFlags,
  };
  world.channels.set(channel.id, channel);
  return channel;
}

/** Replaces the list; a command keeps its id when its name stays, like Discord's bulk overwrite. */
function overwriteCommands(
  world: World,
  previous: APIApplicationCommand[],
  json: unknown,
  guildId: string | undefined,
): APIApplicationCommand[] {
  if (!Array.isArray(json)) throw invalidFormBody("_root", "BASE_TYPE_ARRAY", "Must be an array.");
  return json.map((input: Record<string, unknown>, index) => {
    const name = typeof input.name === "string" ? input.name : "";
    const type = typeof input.type === "number" ? input.type : 1;
    // CHAT_INPUT names are one lower-case word; USER and MESSAGE commands (types 2, 3) may have capitals
    // and spaces (discord.com/developers/docs/interactions/application-commands#application-command-naming).
    const validName =
      type === 1
        ? /^[-_'\p{L}\p{N}]{1,32}$/u.test(name) && name === name.toLowerCase()
        : name.trim() !== "" && [...name].length <= 32;
    if (!validName) {
      throw invalidFormBody(`${index}.name`, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    }
    const description = typeof input.description === "string" ? input.description : "";
    if (type !== 1 && description !== "") {
      throw invalidFormBody(`${index}.description`, "BASE_TYPE_MAX_LENGTH", "Must be 0 in length.");
    }
    if (type === 1 && (description.length < 1 || description.length > 100)) {
      throw invalidFormBody(
        `${index}.description`,
        "BASE_TYPE_BAD_LENGTH",
        "Must be between 1 and 100 in length.",
      );
    }
    return {
      ...(input as Partial<APIApplicationCommand>),
      id: previous.find((command) => command.name === name)?.id ?? world.nextId(),
      application_id: world.applicationId,
      version: world.nextId(),
      type,
      name,
      description,
      default_member_permissions: (input.default_member_permissions as string | null | undefined) ?? null,
      nsfw: input.nsfw === true,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    } as APIApplicationCommand;
  });
}
