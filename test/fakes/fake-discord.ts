import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { applicationRoutes } from "./discord/application-routes.js";
import { channelRoutes } from "./discord/channel-routes.js";
import {
  type ButtonClickOptions,
  createButtonClick,
  createModalSubmit,
  type ModalSubmitOptions,
} from "./discord/components.js";
import { createEvents } from "./discord/events.js";
import { createGateway, type GatewayFrame } from "./discord/gateway.js";
import { createHttpApi } from "./discord/http.js";
import { interactionRoutes } from "./discord/interaction-routes.js";
import { createMessageCommand, createSlashCommand } from "./discord/interactions.js";
import { attachmentsFromFiles, createMessage, storeMessage } from "./discord/messages.js";
import type {
  DiscordCall,
  FailNextFailure,
  FakeDiscordMessage,
  FakeDiscordOptions,
  FakeDiscordThread,
  MessageCommandOptions,
  SeededFile,
  SlashCommandOptions,
  UserSaysOptions,
} from "./discord/types.js";
import { channelOrThrow, createWorld, messagesIn, threadsOf, userFor } from "./discord/world.js";

export type { ButtonClickOptions, ModalSubmitOptions } from "./discord/components.js";
export type {
  DiscordCall,
  FailNextFailure,
  FakeDiscordMessage,
  FakeDiscordOptions,
  FakeDiscordThread,
  MessageCommandOptions,
  RecordedFile,
  SeededFile,
  SlashCommandOptions,
  UserSaysOptions,
} from "./discord/types.js";

/**
 * Discord on a loopback port: REST API v10 and the gateway, enough for the real discord.js `Client`
 * (`rest: { api: fake.apiUrl }`, then `login(fake.token)`) and a real `REST({ api: fake.apiUrl })`.
 * One guild with one text channel, a bot and a human who talk to it; state is kept, every request recorded.
 * Leaves out: voice, reactions, presences, member lists, permission checks beyond "the bot edits only its
 * own messages", real rate-limit buckets (a 429 happens only through `failNext`), zlib/etf encodings.
 */
export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api`, without the version: pass it as `rest.api` / DISCORD_API_URL. */
  apiUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  guildId: string;
  channelId: string;
  /** The human who talks to the bot by default. */
  humanUserId: string;
  /** The DM channel between the human and the bot. */
  dmChannelId: string;
  calls: DiscordCall[];
  callsTo(method: string, pathPattern: RegExp): DiscordCall[];
  /** Frames gateway clients sent (IDENTIFY, RESUME, heartbeats), oldest first. */
  gatewayReceived: GatewayFrame[];
  /** A channel's messages, oldest first; ephemeral interaction responses are not in any channel. */
  messages(channelId: string): FakeDiscordMessage[];
  threads(): FakeDiscordThread[];
  /** Stores a message from someone else and dispatches MESSAGE_CREATE. */
  userSays(options: UserSaysOptions): Promise<FakeDiscordMessage>;
  /** Dispatches INTERACTION_CREATE (APPLICATION_COMMAND, CHAT_INPUT); respond within 3 s like on Discord. */
  invokeSlashCommand(options: SlashCommandOptions): Promise<{ interactionId: string; token: string }>;
  /** Dispatches INTERACTION_CREATE (APPLICATION_COMMAND, MESSAGE: a message command on a stored message). */
  invokeMessageCommand(options: MessageCommandOptions): Promise<{ interactionId: string; token: string }>;
  /** Dispatches INTERACTION_CREATE (MESSAGE_COMPONENT) for a click on a button the message has. */
  clickButton(options: ButtonClickOptions): Promise<{ interactionId: string; token: string }>;
  /** Dispatches INTERACTION_CREATE (MODAL_SUBMIT) for the modal that `openedBy`'s response opened. */
  submitModal(options: ModalSubmitOptions): Promise<{ interactionId: string; token: string }>;
  /** The callback and every interaction-webhook call (edit/get/delete original, follow-ups) of one interaction. */
  interactionResponses(interactionId: string): DiscordCall[];
  /** Raw dispatch to every session, as given: no intent filter, no content stripping. */
  dispatch(eventName: string, data: unknown): void;
  /** Drops every socket abruptly; clients resume and get what they missed. `invalidateSessions`: they must
   * identify again and missed dispatches are lost, as after Discord's INVALID_SESSION. */
  dropGatewayConnections(options?: { invalidateSessions?: boolean }): void;
  /** Fails the next request matching method and path (path as in `DiscordCall.path`); one failure per call. */
  failNext(method: string, pathPattern: RegExp, failure: FailNextFailure): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Gateway sessions that got READY and have a socket connected now. */
  readyClients(): number;
  close(): Promise<void>;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const world = createWorld({ messageContentIntentAllowed: options.messageContentIntentAllowed ?? true });
  const server = createServer();
  const gateway = createGateway({
    world,
    server,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
  });
  const events = createEvents(world, gateway);
  const api = createHttpApi(world, [
    ...applicationRoutes(world),
    ...channelRoutes(world, events),
    ...interactionRoutes(world, events),
  ]);
  server.on("request", (request, response) => {
    api.handle(request, response).catch((error: unknown) => {
      console.error("fake-discord: request failed", error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  world.origin = `http://127.0.0.1:${port}`;

  const seedAttachments = (channelId: string, files: SeededFile[]) =>
    attachmentsFromFiles(
      world,
      channelId,
      files.map((file) => ({
        field: "files[0]",
        filename: file.filename,
        contentType: file.contentType ?? "",
        data: Buffer.from(file.data),
      })),
      [],
    ).map(({ content_type: contentType, ...attachment }) => ({
      ...attachment,
      ...(contentType ? { content_type: contentType } : {}),
    }));

  return {
    apiUrl: `${world.origin}/api`,
    token: world.token,
    applicationId: world.applicationId,
    botUserId: world.botUser.id,
    guildId: world.guildId,
    channelId: world.channelId,
    humanUserId: world.humanUser.id,
    dmChannelId: world.dmChannelId,
    calls: api.calls,
    callsTo: (method, pathPattern) =>
      api.calls.filter((call) => call.method === method.toUpperCase() && pathPattern.test(call.path)),
    gatewayReceived: gateway.received,
    messages: (channelId) => [...messagesIn(world, channelId)],
    threads: () => threadsOf(world).map((thread) => ({ ...thread, parent_id: thread.parent_id ?? "" })),
    async userSays(says) {
      const channelId = says.channelId ?? (says.guild === false ? world.dmChannelId : world.channelId);
      channelOrThrow(world, channelId);
      const authorId = says.authorId ?? says.webhookId ?? world.humanUser.id;
      const author = says.webhookId
        ? { ...userFor(world, authorId, true), username: "Captain Hook", discriminator: "0000", bot: true }
        : userFor(world, authorId, says.bot === true);
      const message = createMessage(world, {
        channelId,
        author: says.bot === true ? { ...author, bot: true } : author,
        content: says.content,
        ...(says.type === undefined ? {} : { type: says.type }),
        ...(says.webhookId === undefined ? {} : { webhookId: says.webhookId }),
        extraMentions: says.mentionsBot ? [world.botUser] : [],
        attachments: seedAttachments(channelId, says.attachments ?? []),
      });
      storeMessage(world, message);
      events.messageCreated(message);
      return message;
    },
    async invokeSlashCommand(command) {
      const { stored, payload } = createSlashCommand(world, command);
      events.interactionCreated(payload);
      return { interactionId: stored.id, token: stored.token };
    },
    async invokeMessageCommand(command) {
      const { stored, payload } = createMessageCommand(world, command);
      events.interactionCreated(payload);
      return { interactionId: stored.id, token: stored.token };
    },
    async clickButton(click) {
      const { stored, payload } = createButtonClick(world, click);
      events.interactionCreated(payload);
      return { interactionId: stored.id, token: stored.token };
    },
    async submitModal(submit) {
      const { stored, payload } = createModalSubmit(world, submit);
      events.interactionCreated(payload);
      return { interactionId: stored.id, token: stored.token };
    },
    interactionResponses(interactionId) {
      const token = world.interactions.get(interactionId)?.token;
      if (token === undefined) return [];
      return api.calls.filter(
        (call) =>
          call.path.startsWith(`/interactions/${interactionId}/`) ||
          call.path.startsWith(`/webhooks/${world.applicationId}/${token}`),
      );
    },
    dispatch: (eventName, data) => gateway.dispatch(eventName, 0, () => data),
    dropGatewayConnections: (drop) =>
      gateway.dropConnections({ invalidateSessions: drop?.invalidateSessions ?? false }),
    failNext: (method, pathPattern, failure) => api.failNext(method, pathPattern, failure),
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`fake-discord: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    readyClients: () => gateway.readyClients(),
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
