import { type APIApplication, ApplicationFlags, GatewayIntentBits } from "@discordjs/core/http-only";

/**
 * Whether the app may receive message content: the privileged Message Content intent, as the Developer
 * Portal shows it in the application's flags (full, or "limited" for apps under the verification threshold).
 * Read before connecting, so rte asks the gateway only for what it will get (an unapproved privileged intent
 * closes the connection with 4014) and `rte doctor` can say so without connecting.
 * https://discord.com/developers/docs/events/gateway#message-content-intent
 */
export function hasMessageContentIntent(application: Pick<APIApplication, "flags">): boolean {
  const flags = ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited;
  return (application.flags & flags) !== 0;
}

/**
 * Guilds (channels and threads for discord.js's cache), guild and DM messages (DMs also need the Channel
 * partial), and message content when the portal allows it. Without content, Discord still delivers the text
 * of DMs and of messages that mention the bot, so mentions, `/rte` and DMs work; thread follow-ups without a
 * mention arrive empty and are not answered.
 */
export function gatewayIntents(messageContent: boolean): GatewayIntentBits[] {
  return [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
    ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
  ];
}

/** Close code 4014 "Disallowed intent(s)", as discord.js reports it when login fails. */
export function isDisallowedIntents(error: unknown, closeCodes: number[]): boolean {
  return closeCodes.includes(4014) || (error instanceof Error && /disallowed intents/i.test(error.message));
}

export function messageContentAdvice(applicationId: string): string {
  return `thread follow-ups without a mention are not answered until you enable "Message Content Intent" under Privileged Gateway Intents at https://discord.com/developers/applications/${applicationId}/bot (mentions, /rte and DMs work without it)`;
}
