import { API } from "@discordjs/core";
import { DiscordAPIError, REST } from "@discordjs/rest";
import {
  AttachmentBuilder,
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Partials,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "./fake-discord.js";

const intents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

let fake: FakeDiscord;
const clients: Client[] = [];

beforeEach(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  await fake.close();
});

async function loggedInClient(options: { intents?: GatewayIntentBits[] } = {}): Promise<Client> {
  const client = new Client({
    intents: options.intents ?? intents,
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
    // discord.js spaces IDENTIFYs 5 s apart (+ up to 1.5 s jitter) per max_concurrency bucket; a re-identify
    // test would wait for that. Nothing else changes.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
  });
  clients.push(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}

function nextEvent<T>(client: Client, event: string): Promise<T> {
  return new Promise((resolve) => client.once(event, (value: T) => resolve(value)));
}

function rest(): API {
  return new API(new REST({ api: fake.apiUrl }).setToken(fake.token));
}

describe("gateway with the real discord.js Client", () => {
  it("logs in, caches the guild and its text channel, and reports one ready session", async () => {
    const client = await loggedInClient();

    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    const channel = client.channels.cache.get(fake.channelId);
    expect(channel?.type).toBe(ChannelType.GuildText);
    expect(client.guilds.cache.get(fake.guildId)?.members.me?.id).toBe(fake.botUserId);
    if (channel?.type !== ChannelType.GuildText) throw new Error("no text channel");
    const permissions = channel.permissionsFor(fake.botUserId);
    expect(permissions?.has(["SendMessages", "SendMessagesInThreads", "CreatePublicThreads"])).toBe(true);
    expect(fake.readyClients()).toBe(1);
    expect(fake.callsTo("GET", /^\/gateway\/bot$/)).toHaveLength(1);
    const identify = fake.gatewayReceived.find((frame) => frame.op === 2)?.d as { intents: number };
    expect(identify.intents & GatewayIntentBits.MessageContent).toBeTruthy();
  });

  it("answers a member request (op 8) with GUILD_MEMBERS_CHUNK", async () => {
    const client = await loggedInClient();
    const guild = client.guilds.cache.get(fake.guildId);

    const members = await guild?.members.fetch({ user: [fake.humanUserId] });

    expect([...(members?.keys() ?? [])]).toEqual([fake.humanUserId]);
  });
});

describe("messages from users", () => {
  it("delivers userSays as messageCreate with content, mentions and member", async () => {
    const client = await loggedInClient();
    const received = nextEvent<Message>(client, Events.MessageCreate);

    const said = await fake.userSays({ content: `<@${fake.botUserId}> what is jitter?` });

    const message = await received;
    expect(message.id).toBe(said.id);
    expect(message.content).toBe(`<@${fake.botUserId}> what is jitter?`);
    expect(message.mentions.users.has(fake.botUserId)).toBe(true);
    expect(message.author.id).toBe(fake.humanUserId);
    expect(message.member?.id).toBe(fake.humanUserId);
    expect(message.guildId).toBe(fake.guildId);
    expect(fake.messages(fake.channelId).map((stored) => stored.id)).toEqual([said.id]);
  });

  it("delivers DMs to a client with the Channel partial", async () => {
    const client = await loggedInClient();
    const received = nextEvent<Message>(client, Events.MessageCreate);

    await fake.userSays({ content: "hello in private", guild: false });

    const message = await received;
    expect(message.channel.type).toBe(ChannelType.DM);
    expect(message.guildId).toBeNull();
    expect(message.content).toBe("hello in private");
  });

  it("marks webhook and bot authors the way filters read them", async () => {
    const client = await loggedInClient();
    const received: Message[] = [];
    client.on(Events.MessageCreate, (message) => received.push(message));

    await fake.userSays({ content: "from a webhook", webhookId: "1200000000000000001" });
    await fake.userSays({ content: "from another bot", authorId: "1200000000000000002", bot: true });
    await fake.waitFor(() => received.length === 2);

    expect(received[0]?.webhookId).toBe("1200000000000000001");
    expect(received[1]?.author.bot).toBe(true);
  });
});

describe("the Message Content intent", () => {
  beforeEach(async () => {
    await fake.close();
    fake = await startFakeDiscord({ messageContentIntentAllowed: false });
  });

  it("refuses an IDENTIFY that asks for it when the portal has it off (4014)", async () => {
    const client = new Client({ intents, rest: { api: fake.apiUrl } });
    clients.push(client);
    await expect(client.login(fake.token)).rejects.toThrow(/disallowed intents/i);
  });

  it("empties content unless the bot is mentioned, on the gateway and on REST", async () => {
    const client = await loggedInClient({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    });
    const received: Message[] = [];
    client.on(Events.MessageCreate, (message) => received.push(message));

    const plain = await fake.userSays({ content: "a follow-up without a mention" });
    await fake.userSays({ content: `<@${fake.botUserId}> with a mention`, mentionsBot: true });
    await fake.waitFor(() => received.length === 2);

    expect(received.map((message) => message.content)).toEqual(["", `<@${fake.botUserId}> with a mention`]);
    const fetched = await rest().channels.getMessage(fake.channelId, plain.id);
    expect(fetched.content).toBe("");
    expect(fake.messages(fake.channelId)[0]?.content).toBe("a follow-up without a mention");
  });
});

describe("slash commands", () => {
  it("delivers interactionCreate; deferReply and editReply land on the fake", async () => {
    const client = await loggedInClient();
    const replied = new Promise<void>((resolve, reject) => {
      client.on(Events.InteractionCreate, async (interaction: Interaction) => {
        try {
          if (!interaction.isChatInputCommand()) return;
          expect(interaction.commandName).toBe("rte");
          expect(interaction.options.getString("prompt")).toBe("explain PTP");
          expect(interaction.channelId).toBe(fake.channelId);
          await interaction.deferReply();
          await interaction.editReply({ content: "PTP syncs clocks.", allowedMentions: { parse: [] } });
          await interaction.followUp({ content: "more", flags: MessageFlags.Ephemeral });
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });

    const { interactionId, token } = await fake.invokeSlashCommand({
      name: "rte",
      options: [{ name: "prompt", type: 3, value: "explain PTP" }],
    });
    await replied;

    const responses = fake.interactionResponses(interactionId);
    expect(responses.map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST /interactions/${interactionId}/${token}/callback`,
      `PATCH /webhooks/${fake.applicationId}/${token}/messages/@original`,
      `POST /webhooks/${fake.applicationId}/${token}`,
    ]);
    expect(responses[0]?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(responses[0]?.headers.authorization).toBeUndefined();
    expect(responses[1]?.body.allowed_mentions).toEqual({ parse: [] });
    // The ephemeral follow-up is not in the channel; the edited original is, no longer loading.
    const [original] = fake.messages(fake.channelId);
    expect(fake.messages(fake.channelId)).toHaveLength(1);
    expect(original).toMatchObject({
      content: "PTP syncs clocks.",
      type: 20,
      flags: 0,
      webhook_id: fake.applicationId,
    });
  });

  it("returns the callback response with_response, then answers a second acknowledgement with 40060", async () => {
    const { interactionId, token } = await fake.invokeSlashCommand({ name: "rte", options: [] });
    const api = rest();

    const response = await fetch(
      `${fake.apiUrl}/v10/interactions/${interactionId}/${token}/callback?with_response=true`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: 4, data: { content: "right away" } }),
      },
    );

    expect(await response.json()).toMatchObject({
      interaction: { id: interactionId, type: 2, response_message_loading: false },
      resource: { type: 4, message: { content: "right away", type: 20 } },
    });

    await expect(api.interactions.defer(interactionId, token)).rejects.toMatchObject({
      code: 40060,
      status: 400,
    });
  });
});

describe("REST with the real @discordjs/rest", () => {
  it("posts a message, records allowed_mentions and edits it", async () => {
    const api = rest();

    const posted = await api.channels.createMessage(fake.channelId, {
      content: `hi <@${fake.humanUserId}>`,
      allowed_mentions: { parse: [] },
    });
    const edited = await api.channels.editMessage(fake.channelId, posted.id, { content: "hi again" });

    expect(posted.author.id).toBe(fake.botUserId);
    expect(posted.mentions).toEqual([]);
    expect(fake.callsTo("POST", /^\/channels\/\d+\/messages$/)[0]?.body.allowed_mentions).toEqual({
      parse: [],
    });
    expect(edited.content).toBe("hi again");
    expect(edited.edited_timestamp).not.toBeNull();
    expect(fake.messages(fake.channelId)[0]?.content).toBe("hi again");
  });

  it("honours enforce_nonce: a repeated nonce returns the first message; without it, or past 25 characters, it does not", async () => {
    const api = rest();

    const first = await api.channels.createMessage(fake.channelId, {
      content: "a",
      nonce: "n1",
      enforce_nonce: true,
    });
    const repeat = await api.channels.createMessage(fake.channelId, {
      content: "b",
      nonce: "n1",
      enforce_nonce: true,
    });
    const unenforced = await api.channels.createMessage(fake.channelId, { content: "c", nonce: "n1" });
    const tooLong = await api.channels
      .createMessage(fake.channelId, { content: "d", nonce: "x".repeat(26), enforce_nonce: true })
      .catch((caught: unknown) => caught);

    expect(repeat.id).toBe(first.id);
    expect(repeat.content).toBe("a");
    expect(unenforced.id).not.toBe(first.id);
    expect(tooLong).toMatchObject({ status: 400, code: 50035 });
    expect(fake.messages(fake.channelId).map((message) => message.content)).toEqual(["a", "c"]);
  });

  it("rejects content over 2000 characters with 50035", async () => {
    const error = await rest()
      .channels.createMessage(fake.channelId, { content: "x".repeat(2001) })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 400, code: 50035 });
    expect(fake.messages(fake.channelId)).toHaveLength(0);
  });

  it("turns uploaded files into attachments that can be downloaded", async () => {
    const client = await loggedInClient();
    const channel = client.channels.cache.get(fake.channelId);
    if (!channel?.isSendable()) throw new Error("channel not sendable");

    const sent = await channel.send({
      content: "the code",
      files: [new AttachmentBuilder(Buffer.from("console.log(1)"), { name: "answer.ts" })],
    });

    const [call] = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(call?.files.map((file) => file.filename)).toEqual(["answer.ts"]);
    const attachment = sent.attachments.first();
    expect(attachment?.name).toBe("answer.ts");
    const download = await fetch(attachment?.url ?? "");
    expect(await download.text()).toBe("console.log(1)");
  });

  it("lists messages newest first, with before and after", async () => {
    const first = await fake.userSays({ content: "one" });
    const second = await fake.userSays({ content: "two" });
    const third = await fake.userSays({ content: "three" });
    const api = rest();

    const all = await api.channels.getMessages(fake.channelId, { limit: 2 });
    const before = await api.channels.getMessages(fake.channelId, { before: third.id });
    const after = await api.channels.getMessages(fake.channelId, { after: first.id });

    expect(all.map((message) => message.content)).toEqual(["three", "two"]);
    expect(before.map((message) => message.id)).toEqual([second.id, first.id]);
    expect(after.map((message) => message.id)).toEqual([third.id, second.id]);
  });

  it.each([false, true])("honours a 429's retry_after (global: %s), then succeeds", async (global) => {
    fake.failNext("POST", /^\/channels\/\d+\/messages$/, { status: 429, retryAfterSeconds: 0.3, global });

    await rest().channels.createMessage(fake.channelId, { content: "after the limit" });

    const [limited, retried] = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(retried).toBeDefined();
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(300);
    expect(fake.messages(fake.channelId)).toHaveLength(1);
  });

  it("lets @discordjs/rest retry a 500 like a real outage", async () => {
    fake.failNext("GET", /^\/channels\/\d+$/, { status: 500 });

    const channel = await rest().channels.get(fake.channelId);

    expect(channel.id).toBe(fake.channelId);
    expect(fake.callsTo("GET", /^\/channels\/\d+$/)).toHaveLength(2);
  });

  it("answers unknown routes with 404 and a wrong token with 401", async () => {
    const unknown = await fetch(`${fake.apiUrl}/v10/nowhere`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    const unauthorized = await fetch(`${fake.apiUrl}/v10/users/@me`, {
      headers: { authorization: "Bot nope" },
    });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: "404: Not Found", code: 0 });
    expect(unauthorized.status).toBe(401);
  });

  it("serves the bot user and the application", async () => {
    const api = rest();

    const [user, application] = await Promise.all([api.users.getCurrent(), api.applications.getCurrent()]);

    expect(user).toMatchObject({ id: fake.botUserId, bot: true });
    expect(application.id).toBe(fake.applicationId);
  });
});

describe("threads", () => {
  it("starts a thread from a message; its id is the message's and THREAD_CREATE reaches the client", async () => {
    const client = await loggedInClient();
    const received = nextEvent<Message>(client, Events.MessageCreate);
    await fake.userSays({ content: `<@${fake.botUserId}> thread please` });
    const message = await received;
    const threadCreated = nextEvent(client, Events.ThreadCreate);

    const thread = await message.startThread({ name: "thread please", autoArchiveDuration: 1440 });
    await thread.send("inside");
    await threadCreated;

    expect(thread.id).toBe(message.id);
    expect(fake.threads()).toMatchObject([
      { id: message.id, parent_id: fake.channelId, name: "thread please" },
    ]);
    expect(fake.messages(thread.id).map((stored) => stored.type)).toEqual([21, 0]);
    await expect(message.startThread({ name: "again" })).rejects.toMatchObject({ code: 160004 });
  });
});

describe("reconnecting", () => {
  it("resumes after dropped connections and replays what was missed", async () => {
    const client = await loggedInClient();
    const resumed = nextEvent(client, Events.ShardResume);
    const received = nextEvent<Message>(client, Events.MessageCreate);

    fake.dropGatewayConnections();
    await fake.userSays({ content: "said while you were away" });

    expect((await received).content).toBe("said while you were away");
    await resumed;
    expect(fake.gatewayReceived.filter((frame) => frame.op === 6)).toHaveLength(1);
    expect(fake.readyClients()).toBe(1);
  });

  it("identifies again when the session was invalidated; what was missed is lost", async () => {
    const client = await loggedInClient();
    const received: Message[] = [];
    client.on(Events.MessageCreate, (message) => received.push(message));
    const identifies = () => fake.gatewayReceived.filter((frame) => frame.op === 2).length;

    fake.dropGatewayConnections({ invalidateSessions: true });
    await fake.userSays({ content: "lost with the old session" });

    await fake.waitFor(() => identifies() === 2 && fake.readyClients() === 1);
    await fake.userSays({ content: "after the new session" });
    await fake.waitFor(() => received.length === 1);
    expect(received[0]?.content).toBe("after the new session");
  });

  it("acknowledges heartbeats, so the client never sees a zombie connection", async () => {
    await fake.close();
    fake = await startFakeDiscord({ heartbeatIntervalMs: 50 });
    const client = await loggedInClient();

    await fake.waitFor(() => fake.gatewayReceived.filter((frame) => frame.op === 1).length >= 4);

    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    expect(fake.gatewayReceived.filter((frame) => frame.op === 6)).toHaveLength(0);
    expect(fake.readyClients()).toBe(1);
  });
});
