import {
  API,
  type APIInteraction,
  ChannelType,
  GatewayDispatchEvents,
  type GatewayDispatchPayload,
  type GatewayMessageCreateDispatchData,
} from "@discordjs/core/http-only";
import { Client, Events, Options, Partials } from "discord.js";
import type { DiscordConfig } from "../../config.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { ClaimOnce, JoinedConversations } from "../../core/shared-state.js";
import type { Submit } from "../../ingress/submit.js";
import type { RunningIngress } from "../platform-module.js";
import type { Allowlist } from "./allowlist.js";
import { createCommandHandler } from "./command-handler.js";
import { type ControlHandlerOptions, createControlHandler } from "./control-handler.js";
import { toRteError } from "./discord-errors.js";
import { createDiscordApi, restOptions } from "./discord-rest.js";
import {
  gatewayIntents,
  hasMessageContentIntent,
  isDisallowedIntents,
  messageContentAdvice,
} from "./intents.js";
import { type ChannelFacts, threadTypes } from "./message-ask.js";
import { createMessageCommandHandler } from "./message-command-handler.js";
import { createMessageHandler } from "./message-handler.js";

export interface DiscordIngressOptions {
  discord: DiscordConfig;
  allowed: Allowlist;
  joined: JoinedConversations;
  submit: Submit;
  /** Who tells the user about a refused question, so it is said once. */
  notices: ClaimOnce;
  logger: Logger;
  onAcknowledged?: (seconds: number) => void;
  /** What the answers' buttons do: Stop, and 👍/👎 with an optional comment. */
  controls: Pick<ControlHandlerOptions, "requestStop" | "recordFeedback" | "onFeedback">;
}

export interface DiscordIngress extends RunningIngress {
  client: Client;
  messageContent: boolean;
}

/**
 * Discord ingress: the one gateway connection (discord.js), handing MESSAGE_CREATE and INTERACTION_CREATE
 * to the edge handlers as the wire payloads (`raw` dispatches), the same shapes the unit tests' fixtures
 * are. discord.js keeps the connection (heartbeats, resume, reconnect) and the channel cache; REST calls
 * share its client. Message Content is asked for when the portal allows it, and dropped if Discord still
 * refuses it (4014), so the bot runs either way and says what it is missing.
 */
export async function startDiscordIngress(options: DiscordIngressOptions): Promise<DiscordIngress> {
  const { discord, logger } = options;
  const application = await createDiscordApi(discord)
    .applications.getCurrent()
    .catch((error: unknown) => {
      throw toRteError(error);
    });
  let messageContent = hasMessageContentIntent(application);
  const botUserId = application.bot?.id ?? application.id;
  let client: Client;
  try {
    client = await connect(options, botUserId, messageContent);
  } catch (error) {
    if (
      !messageContent ||
      !(error instanceof LoginFailed) ||
      !isDisallowedIntents(error.cause, error.closeCodes)
    ) {
      throw error instanceof LoginFailed ? toRteError(error.cause) : error;
    }
    messageContent = false;
    client = await connect(options, botUserId, false);
  }
  logger.info(
    { guilds: client.guilds.cache.size, messageContent },
    `discord: connected as ${client.user?.tag ?? botUserId} in ${client.guilds.cache.size} server(s)`,
  );
  if (!messageContent)
    logger.warn({}, `discord: Message Content intent is off; ${messageContentAdvice(application.id)}`);
  return {
    client,
    messageContent,
    async health() {
      const ready = client.isReady();
      return {
        ok: ready,
        detail: ready
          ? `gateway connected${messageContent ? "" : " (no Message Content intent: follow-ups need a mention)"}`
          : "gateway not connected",
      };
    },
    async stop() {
      await client.destroy();
    },
  };
}

class LoginFailed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly closeCodes: number[],
  ) {
    super(`Discord login failed: ${errorMessage(cause)}`);
  }
}

async function connect(
  options: DiscordIngressOptions,
  botUserId: string,
  messageContent: boolean,
): Promise<Client> {
  const { discord, logger } = options;
  const client = new Client({
    intents: gatewayIntents(messageContent),
    // DMs arrive on a channel discord.js has not cached; without this partial it drops them.
    partials: [Partials.Channel],
    rest: restOptions(discord.apiUrl),
    // rte reads messages from the wire payload and over REST; caching them would only cost memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
  const api = new API(client.rest);
  const channelFacts = async (message: GatewayMessageCreateDispatchData): Promise<ChannelFacts> => {
    if (message.guild_id === undefined) return { type: ChannelType.DM, parentId: null };
    const type = message.channel_type;
    if (type !== undefined && !threadTypes.has(type)) return { type, parentId: null };
    const channel =
      client.channels.cache.get(message.channel_id) ?? (await client.channels.fetch(message.channel_id));
    if (!channel) throw new Error(`channel ${message.channel_id} not found`);
    return { type: channel.type, parentId: channel.isThread() ? channel.parentId : null };
  };
  const onMessage = createMessageHandler({
    api,
    botUserId,
    channelFacts,
    botRoleId: (guildId) =>
      guildId === undefined ? undefined : client.guilds.cache.get(guildId)?.roles.botRoleFor(botUserId)?.id,
    allowed: options.allowed,
    joined: options.joined,
    submit: options.submit,
    notices: options.notices,
    logger,
  });
  const onInteraction = createCommandHandler({
    api,
    allowed: options.allowed,
    submit: options.submit,
    logger,
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
  });
  const onMessageCommand = createMessageCommandHandler({
    api,
    allowed: options.allowed,
    submit: options.submit,
    logger,
  });
  const onControl = createControlHandler({
    api,
    ...options.controls,
    logger,
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
  });
  const onAnyInteraction = async (interaction: APIInteraction) => {
    // Each handler takes only its own kind (a /rte command, the message command, a click on rte's buttons)
    // and ignores the rest.
    await onInteraction(interaction);
    await onMessageCommand(interaction);
    await onControl(interaction);
  };
  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    const handled =
      packet.t === GatewayDispatchEvents.MessageCreate
        ? onMessage(packet.d)
        : packet.t === GatewayDispatchEvents.InteractionCreate
          ? onAnyInteraction(packet.d as APIInteraction)
          : undefined;
    handled?.catch((error: unknown) =>
      logger.error({ event: packet.t, error: errorMessage(error) }, "discord event failed"),
    );
  });
  client.on(Events.Error, (error) => logger.error({ error: errorMessage(error) }, "discord client error"));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ shardId, code: event.code }, "discord gateway closed and will not reconnect"),
  );
  const closeCodes: number[] = [];
  client.on(Events.ShardDisconnect, (event) => closeCodes.push(event.code));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(discord.token);
    await ready;
    return client;
  } catch (error) {
    await client.destroy();
    throw new LoginFailed(error, closeCodes);
  }
}
