import { afterEach, describe, expect, it } from "vitest";
import { type DiscordHarness, startDiscordHarness } from "../support/discord-harness.js";

const commandName = "Ask rte about this message";

/** Every user turn's text the model was last sent. */
function lastPrompt(harness: DiscordHarness): string {
  return JSON.stringify(harness.anthropic.messageRequests().at(-1)?.body?.messages ?? []);
}

describe("Discord's 'Ask rte about this message'", () => {
  let harness: DiscordHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("answers about the target message in a thread started from it", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    const target = await discord.userSays({
      content: "our auction closes twice when two bids land in the same millisecond",
    });
    anthropic.enqueue({ kind: "answer", text: "Accept bids through one atomic compare-and-set." });

    const { interactionId } = await discord.invokeMessageCommand({
      name: commandName,
      targetMessageId: target.id,
    });
    await harness.answered(1);

    const [reply] = discord.interactionResponses(interactionId);
    expect(reply).toMatchObject({ method: "POST", body: { type: 4, data: { flags: 64 } } });
    const thread = discord.threads().find((candidate) => candidate.id === target.id);
    expect(thread?.name).toBe("our auction closes twice when two bids land in the same millisecond");
    expect(harness.botMessages(target.id).map((message) => message.content)).toEqual([
      "Accept bids through one atomic compare-and-set.",
    ]);
    expect(lastPrompt(harness)).toContain(
      "our auction closes twice when two bids land in the same millisecond",
    );
  });

  it("answers in the asker's DM where only the user install reaches, and says so", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    const target = await discord.userSays({ content: "why does our socket reconnect every 30 seconds?" });
    anthropic.enqueue({ kind: "answer", text: "Your proxy's idle timeout is 30 s: send heartbeats." });

    const { interactionId } = await discord.invokeMessageCommand({
      name: commandName,
      targetMessageId: target.id,
      userInstallOnly: true,
    });
    await harness.answered(1);

    const [reply] = discord.interactionResponses(interactionId);
    expect(reply?.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: "I'm not in this conversation, so I'm answering in our DM." },
    });
    expect(discord.threads().find((candidate) => candidate.id === target.id)).toBeUndefined();
    expect(harness.botMessages(discord.dmChannelId).map((message) => message.content)).toEqual([
      expect.stringMatching(/^> why does our socket reconnect every 30 seconds\?/),
      "Your proxy's idle timeout is 30 s: send heartbeats.",
    ]);
  });

  it("moves /rte used through a user install to the asker's DM too", async () => {
    harness = await startDiscordHarness();
    const { discord, anthropic } = harness;
    anthropic.enqueue({ kind: "answer", text: "Use the Redis adapter." });

    const { interactionId } = await discord.invokeSlashCommand({
      name: "rte",
      options: [{ name: "question", type: 3, value: "How do I scale socket.io?" }],
      userInstallOnly: true,
    });
    await harness.answered(1);

    expect(discord.interactionResponses(interactionId)[0]?.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: "I'm not in this conversation, so I'm answering in our DM." },
    });
    expect(discord.messages(discord.channelId)).toEqual([]);
    expect(harness.botMessages(discord.dmChannelId).map((message) => message.content)).toEqual([
      "> How do I scale socket.io?",
      "Use the Redis adapter.",
    ]);
  });
});
