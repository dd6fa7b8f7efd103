import { afterEach, describe, expect, it } from "vitest";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

const otherHuman = "1200000000000000050";

describe("Discord mentions, threads, follow-ups and DMs, end to end", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("answers a mention in a thread started from the question, once", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "Put a Redis adapter behind socket.io." });

    const question = await discord.userSays({
      content: `<@${discord.botUserId}> how do I scale socket.io past one node?`,
    });
    await harness.answered(1);

    expect(discord.threads()).toEqual([
      expect.objectContaining({
        id: question.id,
        parent_id: discord.channelId,
        name: "how do I scale socket.io past one node?",
      }),
    ]);
    expect(harness.botMessages(question.id).map((message) => message.content)).toEqual([
      "Put a Redis adapter behind socket.io.",
    ]);
    expect(harness.botMessages(discord.channelId)).toEqual([]);
    expect(anthropic.messageRequests()[0]?.body.messages).toEqual([
      { role: "user", content: "[alice]: how do I scale socket.io past one node?" },
    ]);
    expect(discord.callsTo("POST", /\/typing$/).length).toBeGreaterThan(0);
  });

  it("answers a follow-up in the thread without a mention, with the earlier turns in Claude's request", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue(
      { kind: "answer", text: "Use one room per auction." },
      { kind: "answer", text: "Yes: one room per lot, joined on demand." },
    );
    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I broadcast bids?` });
    await harness.answered(1);

    await discord.userSays({ channelId: question.id, content: "per lot too?" });
    await harness.answered(2);

    expect(anthropic.messageRequests()[1]?.body.messages).toEqual([
      { role: "user", content: "[alice]: how do I broadcast bids?" },
      { role: "assistant", content: "Use one room per auction." },
      { role: "user", content: "[alice]: per lot too?" },
    ]);
    expect(harness.botMessages(question.id).map((message) => message.content)).toEqual([
      "Use one room per auction.",
      "Yes: one room per lot, joined on demand.",
    ]);
  });

  it("answers nothing from itself, other bots, webhooks or system messages, nor unaddressed chatter", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    const mention = `<@${discord.botUserId}> are you there?`;

    await discord.userSays({ content: mention, authorId: discord.botUserId });
    await discord.userSays({ content: mention, authorId: "1200000000000000002", bot: true });
    await discord.userSays({ content: mention, webhookId: "1200000000000000003" });
    await discord.userSays({ content: mention, type: 7 });
    await discord.userSays({ content: "lunch anyone?" });
    // Messages reach ingress in order, so once this one is answered the ones above have been handled.
    await discord.userSays({ content: mention, authorId: otherHuman });
    await harness.answered(1);

    expect(anthropic.messageRequests()).toHaveLength(1);
    expect(discord.threads()).toHaveLength(1);
    expect(discord.callsTo("POST", new RegExp(`^/channels/${discord.channelId}/messages$`))).toEqual([]);
  });

  it("answers once when the gateway delivers a message again and when two ingress processes run", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    await harness.startAnotherIngress();
    await discord.waitFor(() => discord.readyClients() === 2);

    const question = await discord.userSays({ content: `<@${discord.botUserId}> what is a vector clock?` });
    discord.dispatch("MESSAGE_CREATE", question);
    await harness.answered(1);
    await discord.userSays({ content: `<@${discord.botUserId}> and a Lamport clock?`, authorId: otherHuman });
    await harness.answered(2);

    expect(anthropic.messageRequests()).toHaveLength(2);
    expect(discord.threads()).toHaveLength(2);
    expect(harness.botMessages(question.id)).toHaveLength(1);
  });

  it("answers DMs directly, with the DM history as context", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue(
      { kind: "answer", text: "25 seconds." },
      { kind: "answer", text: "Then 45 seconds with a jitter." },
    );

    await discord.userSays({ content: "good heartbeat interval for mobile?", guild: false });
    await harness.answered(1);
    await discord.userSays({ content: "and on flaky networks?", guild: false });
    await harness.answered(2);

    expect(anthropic.messageRequests()[1]?.body.messages).toEqual([
      { role: "user", content: "good heartbeat interval for mobile?" },
      { role: "assistant", content: "25 seconds." },
      { role: "user", content: "and on flaky networks?" },
    ]);
    expect(harness.botMessages(discord.dmChannelId).map((message) => message.content)).toEqual([
      "25 seconds.",
      "Then 45 seconds with a jitter.",
    ]);
    expect(discord.threads()).toEqual([]);
  });

  it("stays silent outside RTE_ALLOWED_CHANNELS (DMs only with @me)", async () => {
    harness = await startDiscordHarness({ environment: { RTE_ALLOWED_CHANNELS: "1200000000000000099,@me" } });
    const { discord, anthropic } = harness;

    await discord.userSays({ content: `<@${discord.botUserId}> hello?` });
    await discord.userSays({ content: "hello in private", guild: false });
    await harness.answered(1);

    expect(anthropic.messageRequests()).toHaveLength(1);
    expect(discord.messages(discord.channelId).filter((message) => message.author.bot)).toEqual([]);
    expect(discord.threads()).toEqual([]);
  });

  it("tells the asker once, as a reply, when a question is refused", async () => {
    harness = await startDiscordHarness({ environment: { RTE_USER_LIMIT: "1" } });
    const { discord } = harness;
    await discord.userSays({ content: `<@${discord.botUserId}> first question` });
    await harness.answered(1);

    const second = await discord.userSays({ content: `<@${discord.botUserId}> second question` });
    await discord.waitFor(() => harness?.botMessages(discord.channelId).length === 1);
    discord.dispatch("MESSAGE_CREATE", second);
    await discord.userSays({ content: `<@${discord.botUserId}> someone else asks`, authorId: otherHuman });
    await harness.answered(2);

    const [refusal, ...more] = harness.botMessages(discord.channelId);
    expect(more).toEqual([]);
    expect(refusal?.content).toMatch(/You've asked 1 questions/);
    expect(refusal?.message_reference).toMatchObject({ message_id: second.id });
    expect(refusal?.allowed_mentions).toEqual({ parse: [] });
  });

  it("without the Message Content intent answers mentions, skips bare follow-ups, and says what is missing", async () => {
    harness = await startDiscordHarness({ discord: { messageContentIntentAllowed: false } });
    const { discord, anthropic, ingress } = harness;
    anthropic.enqueue(
      { kind: "answer", text: "Rooms." },
      { kind: "answer", text: "Acks with sequence numbers." },
    );

    const question = await discord.userSays({ content: `<@${discord.botUserId}> how do I broadcast bids?` });
    await harness.answered(1);
    await discord.userSays({ channelId: question.id, content: "what about ordering?" });
    await discord.userSays({
      channelId: question.id,
      content: `<@${discord.botUserId}> what about ordering?`,
    });
    await harness.answered(2);

    expect(ingress.messageContent).toBe(false);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: expect.stringContaining("Message Content intent is off"),
      }),
    );
    expect(await ingress.health()).toMatchObject({
      ok: true,
      detail: expect.stringContaining("follow-ups need a mention"),
    });
    const identify = discord.gatewayReceived.filter((frame) => frame.op === 2);
    expect(identify).toHaveLength(1);
    const intents = (identify[0]?.d as { intents?: number } | undefined)?.intents ?? -1;
    expect(intents & (1 << 15)).toBe(0);
    expect(anthropic.messageRequests()).toHaveLength(2);
    expect(anthropic.messageRequests()[1]?.body.messages.at(-1)).toEqual({
      role: "user",
      content: "[alice]: what about ordering?",
    });
  });
});
