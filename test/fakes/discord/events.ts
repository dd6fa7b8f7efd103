import type { APIThreadChannel } from "discord.js";
import { type Gateway, intents } from "./gateway.js";
import { viewMessage } from "./messages.js";
import { memberFor, type StoredMessage, type World } from "./world.js";

/**
 * What happened, told to gateway sessions the way Discord tells them: each event behind its intent, message
 * content emptied for sessions without MESSAGE_CONTENT, `member` and `channel_type` added to guild messages.
 * https://discord.com/developers/docs/events/gateway-events
 */
export interface Events {
  messageCreated(message: StoredMessage): void;
  messageUpdated(message: StoredMessage): void;
  messageDeleted(message: StoredMessage): void;
  threadCreated(thread: APIThreadChannel): void;
  interactionCreated(interaction: unknown): void;
}

export function createEvents(world: World, gateway: Gateway): Events {
  const messageEvent = (event: string, message: StoredMessage) => {
    const intent = message.guild_id === undefined ? intents.directMessages : intents.guildMessages;
    gateway.dispatch(event, intent, (sessionIntents) => gatewayMessage(world, message, sessionIntents));
  };
  return {
    messageCreated: (message) => messageEvent("MESSAGE_CREATE", message),
    messageUpdated: (message) => messageEvent("MESSAGE_UPDATE", message),
    messageDeleted(message) {
      const intent = message.guild_id === undefined ? intents.directMessages : intents.guildMessages;
      const { id, channel_id: channelId, guild_id: guildId } = message;
      gateway.dispatch("MESSAGE_DELETE", intent, () => ({
        id,
        channel_id: channelId,
        ...(guildId ? { guild_id: guildId } : {}),
      }));
    },
    threadCreated(thread) {
      gateway.dispatch("THREAD_CREATE", intents.guilds, () => ({ ...thread, newly_created: true }));
    },
    // Interactions need no intent: https://discord.com/developers/docs/events/gateway#list-of-intents
    interactionCreated(interaction) {
      gateway.dispatch("INTERACTION_CREATE", 0, () => interaction);
    },
  };
}

function gatewayMessage(world: World, message: StoredMessage, sessionIntents: number): unknown {
  const view = viewMessage(world, message, {
    messageContent: (sessionIntents & intents.messageContent) !== 0,
    gateway: true,
  });
  const channelType = world.channels.get(message.channel_id)?.type;
  if (message.guild_id === undefined)
    return { ...view, ...(channelType === undefined ? {} : { channel_type: channelType }) };
  const partialMember = (user: StoredMessage["author"]) => {
    const { user: _user, ...member } = memberFor(world, user);
    return member;
  };
  return {
    ...view,
    ...(channelType === undefined ? {} : { channel_type: channelType }),
    ...(message.webhook_id === undefined ? { member: partialMember(message.author) } : {}),
    mentions: view.mentions.map((user) => ({ ...user, member: partialMember(user) })),
  };
}
