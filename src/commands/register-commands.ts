import { commandName } from "../adapters/discord/command-ask.js";
import { inviteUrl, registerCommands } from "../adapters/discord/command-registration.js";
import { toRteError } from "../adapters/discord/discord-errors.js";
import { discordConfig } from "../adapters/discord/discord-module.js";
import { createDiscordApi } from "../adapters/discord/discord-rest.js";
import type { Config } from "../config.js";
import { RteError } from "../core/errors.js";

/**
 * `rte register-commands [--guild <id>]`: registers `/rte` for every server the bot is in (global; Discord
 * may take a while to show a change everywhere) or for one server at once (for trying things out).
 */
export async function runRegisterCommands(
  config: Readonly<Config>,
  args: string[],
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const discord = discordConfig(config);
  const guildId = parseGuild(args);
  const commands = await registerCommands(createDiscordApi(discord), discord.applicationId, guildId).catch(
    (error: unknown) => {
      throw toRteError(error);
    },
  );
  const where = guildId === undefined ? "globally" : `in server ${guildId}`;
  output.write(
    `Registered ${commands.map((command) => (command.type === 1 ? `/${command.name}` : `"${command.name}"`)).join(", ")} ${where}.\n` +
      `Invite the bot with: ${inviteUrl(discord.applicationId)}\n`,
  );
  return commands.some((command) => command.name === commandName) ? 0 : 1;
}

function parseGuild(args: string[]): string | undefined {
  if (args.length === 0) return undefined;
  const [first, second] = args;
  const guild =
    args.length === 1 && first?.startsWith("--guild=")
      ? first.slice("--guild=".length)
      : args.length === 2 && first === "--guild"
        ? second
        : undefined;
  if (guild === undefined || !/^\d+$/.test(guild)) {
    throw new RteError("usage", "Usage: rte register-commands [--guild <server id>]", { permanent: true });
  }
  return guild;
}
