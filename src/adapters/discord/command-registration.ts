import {
  type API,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "@discordjs/core/http-only";
import { commandName, questionOptionName } from "./command-ask.js";
import { messageCommandName } from "./message-command.js";

/**
 * Where rte's commands may be used once registered globally: installed to a server (0) or to a person's
 * own account (1, "user-installable"), and in servers (0), DMs with the bot (1) and private channels,
 * i.e. group DMs and DMs between other people (2). Where the bot itself is not present (a user install
 * used in a server without the bot, or a private channel) it cannot post there; the command handlers
 * answer in the person's DM with the bot instead and say so (command-place.ts).
 * https://discord.com/developers/docs/interactions/application-commands#interaction-contexts
 */
const everywhere = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
};

/**
 * `/rte question:<text>`. 6,000 characters is the most a string option takes; the response message shows
 * the first 2,000 and the Ask carries all of it. Usable in servers and, when registered globally, in DMs
 * with the bot (`contexts` is for global commands only).
 * https://discord.com/developers/docs/interactions/application-commands
 */
export function rteCommand(scope: "global" | "guild"): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    name: commandName,
    description: "Ask the senior real-time engineer (WebSockets, socket.io, live features, push, scaling)",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: questionOptionName,
        description: "Your question; the answer continues in a thread",
        required: true,
        max_length: 6_000,
      },
    ],
    ...(scope === "global" ? everywhere : {}),
  };
}

/**
 * "Ask rte about this message", a message command (type 3: right-click a message → Apps). Message
 * commands take no description or options; the name is what the menu shows (up to 32 characters).
 */
export function messageCommand(scope: "global" | "guild"): RESTPostAPIContextMenuApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.Message,
    name: messageCommandName,
    ...(scope === "global" ? everywhere : {}),
  };
}

/**
 * Registers `/rte` and the message command globally, or in one guild (updates at once: for trying things out). A bulk overwrite:
 * rte owns its application's commands, and running this again changes nothing.
 */
export async function registerCommands(api: API, applicationId: string, guildId?: string) {
  if (guildId === undefined) {
    return api.applicationCommands.bulkOverwriteGlobalCommands(applicationId, [
      rteCommand("global"),
      messageCommand("global"),
    ]);
  }
  return api.applicationCommands.bulkOverwriteGuildCommands(applicationId, guildId, [
    rteCommand("guild"),
    messageCommand("guild"),
  ]);
}

/**
 * What the bot needs in a channel, and nothing more: read the channel and its history, post, start public
 * threads from messages and post in them. (Viewing the channel comes with membership in most servers;
 * `SEND_MESSAGES` has no effect in threads, hence its own permission.)
 * https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
 */
export const invitePermissions =
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

/** The link a server admin opens to add the bot, with `/rte` and exactly `invitePermissions`. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: "bot applications.commands",
    permissions: invitePermissions.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
