import {
  type API,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "@discordjs/core/http-only";
import { commandName, questionOptionName } from "./command-ask.js";

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
    ...(scope === "global"
      ? {
          integration_types: [ApplicationIntegrationType.GuildInstall],
          contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
        }
      : {}),
  };
}

/**
 * Registers `/rte` globally, or in one guild (updates at once: for trying things out). A bulk overwrite:
 * rte owns its application's commands, and running this again changes nothing.
 */
export async function registerCommands(api: API, applicationId: string, guildId?: string) {
  if (guildId === undefined) {
    return api.applicationCommands.bulkOverwriteGlobalCommands(applicationId, [rteCommand("global")]);
  }
  return api.applicationCommands.bulkOverwriteGuildCommands(applicationId, guildId, [rteCommand("guild")]);
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
